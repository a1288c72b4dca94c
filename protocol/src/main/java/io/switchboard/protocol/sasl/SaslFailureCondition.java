package io.switchboard.protocol.sasl;

import java.util.Optional;

/** The SASL failure conditions of RFC 6120 §6.5, with their element names. */
public enum SaslFailureCondition {
  ABORTED("aborted"),
  ACCOUNT_DISABLED("account-disabled"),
  CREDENTIALS_EXPIRED("credentials-expired"),
  ENCRYPTION_REQUIRED("encryption-required"),
  INCORRECT_ENCODING("incorrect-encoding"),
  INVALID_AUTHZID("invalid-authzid"),
  INVALID_MECHANISM("invalid-mechanism"),
  MALFORMED_REQUEST("malformed-request"),
  MECHANISM_TOO_WEAK("mechanism-too-weak"),
  NOT_AUTHORIZED("not-authorized"),
  TEMPORARY_AUTH_FAILURE("temporary-auth-failure");

  private final String elementName;

  SaslFailureCondition(String elementName) {
    this.elementName = elementName;
  }

  /** The condition's element name in the urn:ietf:params:xml:ns:xmpp-sasl namespace. */
  public String elementName() {
    return elementName;
  }

  public static Optional<SaslFailureCondition> fromElementName(String name) {
    for (SaslFailureCondition c : values()) {
      if (c.elementName.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
