package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.stanza.Stanzas;

/**
 * An XEP-0060 error: a stanza error condition (RFC 6120 §8.3) with its type, plus an optional
 * pubsub-specific condition ({@code http://jabber.org/protocol/pubsub#errors}) and, for
 * {@code unsupported}, the feature that is not supported.
 */
record PubSubError(String type, String condition, String pubsubCondition, String feature) {

  static PubSubError of(String type, String condition) {
    return new PubSubError(type, condition, null, null);
  }

  static PubSubError of(String type, String condition, String pubsubCondition) {
    return new PubSubError(type, condition, pubsubCondition, null);
  }

  /** feature-not-implemented with {@code <unsupported feature=.../>}. */
  static PubSubError unsupported(String feature) {
    return new PubSubError("cancel", "feature-not-implemented", "unsupported", feature);
  }

  static final PubSubError ITEM_NOT_FOUND = of("cancel", "item-not-found");
  static final PubSubError FORBIDDEN = of("auth", "forbidden");
  static final PubSubError CONFLICT = of("cancel", "conflict");
  static final PubSubError BAD_REQUEST = of("modify", "bad-request");
  static final PubSubError NOT_ACCEPTABLE = of("modify", "not-acceptable");
  static final PubSubError NODEID_REQUIRED = of("modify", "bad-request", "nodeid-required");
  static final PubSubError ITEM_REQUIRED = of("modify", "bad-request", "item-required");
  static final PubSubError ITEM_FORBIDDEN = of("modify", "bad-request", "item-forbidden");
  static final PubSubError PAYLOAD_REQUIRED = of("modify", "bad-request", "payload-required");
  static final PubSubError INVALID_PAYLOAD = of("modify", "bad-request", "invalid-payload");
  static final PubSubError INVALID_JID = of("modify", "bad-request", "invalid-jid");
  static final PubSubError JID_REQUIRED = of("modify", "bad-request", "jid-required");
  static final PubSubError INVALID_OPTIONS = of("modify", "bad-request", "invalid-options");
  static final PubSubError INVALID_SUBID = of("modify", "not-acceptable", "invalid-subid");
  static final PubSubError SUBID_REQUIRED = of("modify", "bad-request", "subid-required");
  static final PubSubError NOT_SUBSCRIBED = of("cancel", "unexpected-request", "not-subscribed");
  static final PubSubError NOT_SUBSCRIBED_AUTH = of("auth", "not-authorized", "not-subscribed");
  static final PubSubError PRESENCE_REQUIRED =
      of("auth", "not-authorized", "presence-subscription-required");
  static final PubSubError NOT_IN_ROSTER_GROUP =
      of("auth", "not-authorized", "not-in-roster-group");
  static final PubSubError CLOSED_NODE = of("cancel", "not-allowed", "closed-node");
  static final PubSubError PRECONDITION_NOT_MET = of("cancel", "conflict", "precondition-not-met");
  static final PubSubError INTERNAL = of("wait", "internal-server-error");

  /** The error stanza answering {@code stanza}. */
  XmlElement answer(XmlElement stanza) {
    XmlElement app = null;
    if (pubsubCondition != null) {
      app = XmlElement.builder(pubsubCondition, PubSubNamespaces.ERRORS)
          .attr("feature", feature).build();
    }
    return Stanzas.error(stanza, type, condition, app);
  }
}
