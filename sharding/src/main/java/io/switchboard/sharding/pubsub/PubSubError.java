package io.switchboard.sharding.pubsub;

import static io.switchboard.protocol.error.StanzaErrorType.AUTH;
import static io.switchboard.protocol.error.StanzaErrorType.CANCEL;
import static io.switchboard.protocol.error.StanzaErrorType.MODIFY;
import static io.switchboard.protocol.error.StanzaErrorType.WAIT;

import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Objects;

/**
 * An XEP-0060 error: a stanza error (RFC 6120 §8.3) whose application-specific condition, when
 * present, is in {@code http://jabber.org/protocol/pubsub#errors} (for {@code unsupported}, with
 * the feature that is not supported).
 */
record PubSubError(StanzaError error) {

  PubSubError {
    Objects.requireNonNull(error, "error");
  }

  static PubSubError of(StanzaErrorType type, StanzaErrorCondition condition) {
    return new PubSubError(StanzaError.of(condition).withType(type));
  }

  static PubSubError of(StanzaErrorType type, StanzaErrorCondition condition, String pubsubCondition) {
    return of(type, condition, pubsubCondition, null);
  }

  private static PubSubError of(
      StanzaErrorType type, StanzaErrorCondition condition, String pubsubCondition, String feature) {
    XmlElement app = XmlElement.builder(pubsubCondition, PubSubNamespaces.ERRORS).attr("feature", feature).build();
    return new PubSubError(StanzaError.of(condition).withType(type).withApplicationCondition(app));
  }

  /** feature-not-implemented with {@code <unsupported feature=.../>}. */
  static PubSubError unsupported(String feature) {
    return of(CANCEL, StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED, "unsupported", feature);
  }

  static final PubSubError ITEM_NOT_FOUND = of(CANCEL, StanzaErrorCondition.ITEM_NOT_FOUND);
  static final PubSubError FORBIDDEN = of(AUTH, StanzaErrorCondition.FORBIDDEN);
  static final PubSubError CONFLICT = of(CANCEL, StanzaErrorCondition.CONFLICT);
  static final PubSubError BAD_REQUEST = of(MODIFY, StanzaErrorCondition.BAD_REQUEST);
  static final PubSubError NOT_ACCEPTABLE = of(MODIFY, StanzaErrorCondition.NOT_ACCEPTABLE);
  static final PubSubError JID_MALFORMED = of(MODIFY, StanzaErrorCondition.JID_MALFORMED);
  static final PubSubError SERVICE_UNAVAILABLE = of(CANCEL, StanzaErrorCondition.SERVICE_UNAVAILABLE);
  static final PubSubError NODEID_REQUIRED = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "nodeid-required");
  static final PubSubError NODEID_NOT_ACCEPTABLE = of(MODIFY, StanzaErrorCondition.NOT_ACCEPTABLE, "nodeid-required");
  static final PubSubError ITEM_REQUIRED = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "item-required");
  static final PubSubError ITEM_FORBIDDEN = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "item-forbidden");
  static final PubSubError PAYLOAD_REQUIRED = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "payload-required");
  static final PubSubError INVALID_PAYLOAD = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "invalid-payload");
  static final PubSubError INVALID_JID = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "invalid-jid");
  static final PubSubError JID_REQUIRED = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "jid-required");
  static final PubSubError INVALID_OPTIONS = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "invalid-options");
  static final PubSubError INVALID_SUBID = of(MODIFY, StanzaErrorCondition.NOT_ACCEPTABLE, "invalid-subid");
  static final PubSubError SUBID_REQUIRED = of(MODIFY, StanzaErrorCondition.BAD_REQUEST, "subid-required");
  static final PubSubError NOT_SUBSCRIBED = of(CANCEL, StanzaErrorCondition.UNEXPECTED_REQUEST, "not-subscribed");
  static final PubSubError NOT_SUBSCRIBED_AUTH = of(AUTH, StanzaErrorCondition.NOT_AUTHORIZED, "not-subscribed");
  static final PubSubError PRESENCE_REQUIRED =
      of(AUTH, StanzaErrorCondition.NOT_AUTHORIZED, "presence-subscription-required");
  static final PubSubError NOT_IN_ROSTER_GROUP = of(AUTH, StanzaErrorCondition.NOT_AUTHORIZED, "not-in-roster-group");
  static final PubSubError CLOSED_NODE = of(CANCEL, StanzaErrorCondition.NOT_ALLOWED, "closed-node");
  static final PubSubError PRECONDITION_NOT_MET = of(CANCEL, StanzaErrorCondition.CONFLICT, "precondition-not-met");
  /** Issue #23 F9: the account's PEP node quota (XEP-0060 pubsub#errors schema). */
  static final PubSubError MAX_NODES_EXCEEDED = of(CANCEL, StanzaErrorCondition.NOT_ALLOWED, "max-nodes-exceeded");
  /** Issue #23 F9: the account's subscription quota at one node (XEP-0060 pubsub#errors schema). */
  static final PubSubError TOO_MANY_SUBSCRIPTIONS =
      of(CANCEL, StanzaErrorCondition.NOT_ALLOWED, "too-many-subscriptions");
  /** Issue #23 F9: the items the node would keep pass its byte quota (XEP-0060's payload-too-big). */
  static final PubSubError PAYLOAD_TOO_BIG = of(MODIFY, StanzaErrorCondition.NOT_ACCEPTABLE, "payload-too-big");
  static final PubSubError INTERNAL = of(WAIT, StanzaErrorCondition.INTERNAL_SERVER_ERROR);

  /** The condition (for tests and logs). */
  StanzaErrorCondition condition() {
    return error.condition();
  }

  /** The error stanza answering {@code stanza} (an IQ get/set: never itself an error). */
  XmlElement answer(XmlElement stanza) {
    return Stanzas.errorReply(stanza, error, false)
        .orElseThrow(() -> new IllegalArgumentException("an error stanza is never answered"));
  }
}
