package io.switchboard.sharding.session.delivery;

import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.SessionContext;

/**
 * One step every message to the account passes through ({@link DeliveryPipeline}). A stage sees
 * the {@link Delivery} in its {@link Phase}, may change it (another stanza, other targets) and
 * passes it on by returning it, or ends it by returning null (it was handled: stored, answered,
 * dropped as a duplicate). Stages hold no per-account state of their own; one instance serves
 * every entity of the node, on each entity's thread.
 */
public interface DeliveryStage {

  /** Where in the pipeline a stage runs. */
  enum Phase {
    /** Every message, before its targets are chosen (duplicate checks, archiving). */
    RECEIVED,
    /** After the targets are chosen, before it is written to them (copies to other resources). */
    ADDRESSED,
    /** When no resource can take it (notifications, then offline storage). */
    UNDELIVERABLE,
    /**
     * A message the user's own client sends to someone else, before it is routed (the sender's
     * archive, copies to the sender's other resources). {@link Delivery#resource} is the sending
     * resource; a stage may change the message that is routed or end it.
     */
    SENT
  }

  Phase phase();

  /** The delivery passed on (possibly changed), or null when this stage ended it. */
  Delivery apply(SessionContext ctx, Account state, Delivery delivery);
}
