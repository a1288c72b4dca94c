package io.switchboard.node.register;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Optional;

/**
 * The XEP-0158 §5 registration form: one {@code jabber:x:data} form inside the XEP-0077 query
 * (XEP-0077 §6 extensibility), FORM_TYPE {@code urn:xmpp:captcha}, with the hidden {@code from},
 * {@code challenge} and {@code sid} fields, the 'qa' question, and the registration fields
 * {@code username} and {@code password}.
 */
final class CaptchaForm {
  static final String CHALLENGE = "challenge";
  static final String QA = "qa";
  static final String USERNAME = "username";
  static final String PASSWORD = "password";

  /** What a submitted CAPTCHA form holds; any field may be null when the client left it out. */
  record Submitted(String challenge, String answer, String username, String password) {
    @Override
    public String toString() {
      return "Submitted[challenge=" + challenge + "]"; // never the answer or the password
    }
  }

  private CaptchaForm() {}

  /**
   * The form for {@code issued}: {@code from} is the 'to' of the requesting IQ (here the domain),
   * {@code sid} its id when it had one.
   */
  static XmlElement form(CaptchaChallenges.Issued issued, String from, String sid) {
    DataForm.Builder f = DataForm.builder("form", Namespaces.CAPTCHA)
        .field("from", "hidden", List.of(from))
        .field(CHALLENGE, "hidden", List.of(issued.id()));
    if (sid != null) {
      f.field("sid", "hidden", List.of(sid));
    }
    return f.field(field(QA, "text-single", issued.question()))
        .field(field(USERNAME, "text-single", "Username"))
        .field(field(PASSWORD, "text-private", "Password"))
        .build();
  }

  /** The CAPTCHA form in a {@code set} query, read; empty when there is no form of that FORM_TYPE. */
  static Optional<Submitted> in(XmlElement query) {
    return DataForm.allIn(query).stream()
        .filter(f -> Namespaces.CAPTCHA.equals(f.formType()))
        .findFirst()
        .map(f -> new Submitted(f.value(CHALLENGE), f.value(QA), f.value(USERNAME), f.value(PASSWORD)));
  }

  private static XmlElement field(String var, String type, String label) {
    return XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", var).attr("type", type)
        .attr("label", label)
        .child(XmlElement.of("required", Namespaces.DATA_FORMS))
        .build();
  }
}
