package io.switchboard.protocol.error;

import java.util.Optional;

/**
 * The defined stanza error conditions of RFC 6120 §8.3.3, each with the error type the RFC's
 * examples give it (used when a caller does not choose another).
 */
public enum StanzaErrorCondition {
  BAD_REQUEST("bad-request", StanzaErrorType.MODIFY),
  CONFLICT("conflict", StanzaErrorType.CANCEL),
  FEATURE_NOT_IMPLEMENTED("feature-not-implemented", StanzaErrorType.CANCEL),
  FORBIDDEN("forbidden", StanzaErrorType.AUTH),
  /** Carries the new address as the condition element's character data (§8.3.3.5). */
  GONE("gone", StanzaErrorType.CANCEL),
  INTERNAL_SERVER_ERROR("internal-server-error", StanzaErrorType.CANCEL),
  ITEM_NOT_FOUND("item-not-found", StanzaErrorType.CANCEL),
  JID_MALFORMED("jid-malformed", StanzaErrorType.MODIFY),
  NOT_ACCEPTABLE("not-acceptable", StanzaErrorType.MODIFY),
  NOT_ALLOWED("not-allowed", StanzaErrorType.CANCEL),
  NOT_AUTHORIZED("not-authorized", StanzaErrorType.AUTH),
  POLICY_VIOLATION("policy-violation", StanzaErrorType.MODIFY),
  RECIPIENT_UNAVAILABLE("recipient-unavailable", StanzaErrorType.WAIT),
  /** Carries the alternate address as the condition element's character data (§8.3.3.14). */
  REDIRECT("redirect", StanzaErrorType.MODIFY),
  REGISTRATION_REQUIRED("registration-required", StanzaErrorType.AUTH),
  REMOTE_SERVER_NOT_FOUND("remote-server-not-found", StanzaErrorType.CANCEL),
  REMOTE_SERVER_TIMEOUT("remote-server-timeout", StanzaErrorType.WAIT),
  RESOURCE_CONSTRAINT("resource-constraint", StanzaErrorType.WAIT),
  SERVICE_UNAVAILABLE("service-unavailable", StanzaErrorType.CANCEL),
  SUBSCRIPTION_REQUIRED("subscription-required", StanzaErrorType.AUTH),
  UNDEFINED_CONDITION("undefined-condition", StanzaErrorType.MODIFY),
  UNEXPECTED_REQUEST("unexpected-request", StanzaErrorType.WAIT);

  private final String elementName;
  private final StanzaErrorType defaultType;

  StanzaErrorCondition(String elementName, StanzaErrorType defaultType) {
    this.elementName = elementName;
    this.defaultType = defaultType;
  }

  /** The condition's element name in the urn:ietf:params:xml:ns:xmpp-stanzas namespace. */
  public String elementName() {
    return elementName;
  }

  public StanzaErrorType defaultType() {
    return defaultType;
  }

  public static Optional<StanzaErrorCondition> fromElementName(String name) {
    for (StanzaErrorCondition c : values()) {
      if (c.elementName.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
