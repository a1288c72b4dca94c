package io.switchboard.protocol.sasl;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Base64;
import java.util.Objects;

/** What a {@link SaslServerMechanism} asks the connection to do next. */
public sealed interface SaslStep
    permits SaslStep.Challenge, SaslStep.CredentialsRequired, SaslStep.Success, SaslStep.Failure {

  /** Send {@code <challenge/>} with this data and wait for the client's {@code <response/>}. */
  record Challenge(byte[] data) implements SaslStep {
    public Challenge {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    public XmlElement toElement() {
      return XmlElement.builder("challenge", Namespaces.SASL).text(SaslPayloads.encode(data)).build();
    }
  }

  /**
   * Look up the stored credentials of {@code username} (normalised localpart; may not exist, and
   * from PLAIN may be a name that cannot exist here) and pass them to
   * {@link SaslServerMechanism#credentials}. The lookup may be asynchronous.
   */
  record CredentialsRequired(String username) implements SaslStep {
    public CredentialsRequired {
      Objects.requireNonNull(username, "username");
    }
  }

  /**
   * Send {@code <success/>} (with the additional data, if any) and restart the stream.
   *
   * @param additionalData e.g. SCRAM's server-final-message; may be empty
   * @param authenticatedUsername normalised localpart of the authenticated account
   */
  record Success(byte[] additionalData, String authenticatedUsername) implements SaslStep {
    public Success {
      additionalData = additionalData.clone();
      Objects.requireNonNull(authenticatedUsername, "authenticatedUsername");
    }

    @Override
    public byte[] additionalData() {
      return additionalData.clone();
    }

    /** Empty additional data gives an empty element (RFC 6120 §6.4.6). */
    public XmlElement toElement() {
      XmlElement.Builder b = XmlElement.builder("success", Namespaces.SASL);
      if (additionalData.length > 0) {
        b.text(Base64.getEncoder().encodeToString(additionalData));
      }
      return b.build();
    }
  }

  /** Send {@code <failure/>}; the client may try again (RFC 6120 §6.4.5). */
  record Failure(SaslFailureCondition condition, String text) implements SaslStep {
    public Failure {
      Objects.requireNonNull(condition, "condition");
    }

    public static Failure of(SaslFailureCondition condition) {
      return new Failure(condition, null);
    }

    public XmlElement toElement() {
      XmlElement.Builder b = XmlElement.builder("failure", Namespaces.SASL)
          .child(XmlElement.of(condition.elementName(), Namespaces.SASL));
      if (text != null) {
        b.child(XmlElement.builder("text", Namespaces.SASL).attr("xml:lang", "en").text(text));
      }
      return b.build();
    }
  }
}
