package io.switchboard.sharding.offline;

import io.switchboard.protocol.stanza.MessageType;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.session.delivery.DeliveryStage;

/**
 * Where messages enter the {@link OfflineInbox} in the delivery pipeline. Not an optional module:
 * without them a message for a user with nobody online would be lost, so the pipeline always
 * starts with {@link #DUPLICATES} and ends with {@link #STORAGE}.
 */
public final class OfflineStages {
  private OfflineStages() {}

  /** Re-sent copies of messages already stored (or being stored) go no further. */
  public static final DeliveryStage DUPLICATES = new DeliveryStage() {
    @Override
    public Phase phase() {
      return Phase.RECEIVED;
    }

    @Override
    public Delivery apply(SessionContext ctx, Account state, Delivery d) {
      return ctx.inbox().isDuplicate() ? null : d;
    }
  };

  /**
   * Nobody can take it: chat and normal messages are stored (RFC 6121 §8.5.2.1.1, XEP-0160);
   * headlines are dropped.
   */
  public static final DeliveryStage STORAGE = new DeliveryStage() {
    @Override
    public Phase phase() {
      return Phase.UNDELIVERABLE;
    }

    @Override
    public Delivery apply(SessionContext ctx, Account state, Delivery d) {
      if (MessageType.of(d.stanza()) != MessageType.HEADLINE) {
        ctx.inbox().store(d.stanza());
      }
      return null;
    }
  };
}
