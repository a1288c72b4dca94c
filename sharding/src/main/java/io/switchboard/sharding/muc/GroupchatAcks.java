package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.OccupantId;
import io.switchboard.protocol.muc.StanzaId;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a groupchat message is acknowledged to its sender, and what happens to a copy sent again.
 * A message is acknowledged once every node holding occupants confirmed its delivery (or the
 * entity stopped waiting, {@code delivery-ack-timeout}); a copy the sender's connection sends
 * again because that acknowledgement was lost is recognised by occupant id and message id
 * ({@link RecentMessages}) and not handled as a new message. Kept apart from the sending itself,
 * because it is the part of the failure model that decides "no message lost, a few twice" (see
 * {@link MucRoom}). Owned by the entity's actor.
 */
final class GroupchatAcks {
  private static final Logger log = LoggerFactory.getLogger(GroupchatAcks.class);

  private final String room;
  private final RecentMessages recent;
  private final Deliveries deliveries;
  private final RoomOutbox outbox;
  private final SessionRoutes routes;
  private final LongConsumer waitLimit;

  /**
   * @param waitLimit schedules giving up on a {@link Deliveries} waiter (by id) after the
   *     delivery-ack timeout
   */
  GroupchatAcks(String room, int capacity, Deliveries deliveries, RoomOutbox outbox, SessionRoutes routes,
      LongConsumer waitLimit) {
    this.room = room;
    this.recent = new RecentMessages(capacity);
    this.deliveries = deliveries;
    this.outbox = outbox;
    this.routes = routes;
    this.waitLimit = waitLimit;
  }

  /**
   * A groupchat message that may be a copy sent again (its sender's acknowledgement was lost):
   * handled here and true when it is one.
   */
  boolean resent(RoomState s, RoomRequest.Groupchat g, Receipt receipt) {
    Occupant sender = s.bySession(g.from());
    String id = StanzaId.originId(g.stanza()).orElse(g.stanza().attr("id"));
    if (sender == null || id == null || g.stanza().child("body", g.stanza().namespace()).isEmpty()) {
      return false;
    }
    String key = sender.occupantId() + " " + id;
    RecentMessages.Known known = recent.get(key);
    if (known == null) {
      return false;
    }
    if (known instanceof RecentMessages.Pending p) {
      if (receipt != null) {
        p.receipts().add(receipt);
      }
    } else if (known instanceof RecentMessages.Archived a) {
      log.debug("{}: message {} sent again after a restart; delivering it once more", room, key);
      recent.pending(key, receipt);
      outbox.add(null, () -> {
        Set<Long> seqs = deliveries.send(List.of(new MucRelay.Part(a.message(), Messaging.everyone(s))),
            routes::nodeOf);
        awaitThenAck(seqs, key);
      });
    } else {
      Receipt.ack(receipt);
    }
    return true;
  }

  /** A message an earlier incarnation archived (with its stanza-id): delivery unknown. */
  void archivedEarlier(XmlElement message) {
    recent.archived(keyOf(message), message);
  }

  /** A message accepted now, on its way to the archive ({@code key} may be null). */
  void accepted(String key) {
    recent.pending(key, null);
  }

  /**
   * A message sent as deliveries {@code seqs}: {@code receipt} (and those of copies that arrived
   * meanwhile) is acknowledged once they are confirmed, or once the entity stops waiting.
   */
  void sent(Set<Long> seqs, String key, Receipt receipt) {
    if (key == null) {
      waitLimit.accept(deliveries.await(seqs, () -> Receipt.ack(receipt)));
      return;
    }
    RecentMessages.Known k = recent.get(key);
    if (k instanceof RecentMessages.Pending p && receipt != null) {
      p.receipts().add(receipt);
    }
    awaitThenAck(seqs, key);
  }

  void clear() {
    recent.clear();
  }

  /** Acknowledges the receipts waiting for {@code key} once {@code seqs} are confirmed (or soon). */
  private void awaitThenAck(Set<Long> seqs, String key) {
    waitLimit.accept(deliveries.await(seqs, () -> recent.delivered(key).forEach(r -> r.ack())));
  }

  /** The resend key of an archived message: its occupant id and its origin-id or id. */
  private static String keyOf(XmlElement m) {
    String occupant = OccupantId.in(m).map(OccupantId::id).orElse(null);
    String id = StanzaId.originId(m).orElse(m.attr("id"));
    return occupant == null || id == null ? null : occupant + " " + id;
  }
}
