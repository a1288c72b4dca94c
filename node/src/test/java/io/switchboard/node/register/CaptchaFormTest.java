package io.switchboard.node.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The XEP-0158 §5 registration form: what the get answer holds and what a set is read as. */
class CaptchaFormTest {

  @Test
  void form_holdsCaptchaFieldsAndRegistrationFields() {
    XmlElement x = CaptchaForm.form(new CaptchaChallenges.Issued("c1", "What is 2 plus 3? (a number)"),
        "example.com", "reg1");
    DataForm f = DataForm.parse(x);
    assertThat(f.type()).isEqualTo("form");
    assertThat(f.formType()).isEqualTo(Namespaces.CAPTCHA);
    assertThat(f.value("from")).isEqualTo("example.com");
    assertThat(f.value("challenge")).isEqualTo("c1");
    assertThat(f.value("sid")).isEqualTo("reg1");
    assertThat(f.fields().keySet()).containsExactly("from", "challenge", "sid", "qa", "username", "password");
    XmlElement qa = x.elements("field", Namespaces.DATA_FORMS).stream()
        .filter(e -> "qa".equals(e.attr("var"))).findFirst().orElseThrow();
    assertThat(qa.attr("label")).isEqualTo("What is 2 plus 3? (a number)");
    assertThat(qa.child("required", Namespaces.DATA_FORMS)).isPresent();
  }

  @Test
  void form_requestWithoutId_noSid() {
    DataForm f = DataForm.parse(CaptchaForm.form(new CaptchaChallenges.Issued("c1", "q"), "example.com", null));
    assertThat(f.has("sid")).isFalse();
  }

  @Test
  void in_submittedForm_readsAnswerAndAccountAndHidesThemFromToString() {
    XmlElement query = XmlElement.builder("query", Namespaces.REGISTER)
        .child(DataForm.builder("submit", Namespaces.CAPTCHA)
            .field("challenge", null, List.of("c1"))
            .field("qa", null, List.of("5"))
            .field("username", null, List.of("ruth"))
            .field("password", null, List.of("s3cret"))
            .build())
        .build();
    CaptchaForm.Submitted s = CaptchaForm.in(query).orElseThrow();
    assertThat(s).isEqualTo(new CaptchaForm.Submitted("c1", "5", "ruth", "s3cret"));
    assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("5");
  }

  @Test
  void in_formOfAnotherTypeOrNone_empty() {
    XmlElement other = XmlElement.builder("query", Namespaces.REGISTER)
        .child(DataForm.builder("submit", "jabber:iq:register").field("username", null, List.of("ruth")).build())
        .build();
    assertThat(CaptchaForm.in(other)).isEmpty();
    assertThat(CaptchaForm.in(XmlElement.of("query", Namespaces.REGISTER))).isEmpty();
  }
}
