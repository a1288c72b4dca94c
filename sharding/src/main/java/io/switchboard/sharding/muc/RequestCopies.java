package io.switchboard.sharding.muc;

import io.switchboard.sharding.session.Receipt;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies of a request (an IQ, a presence, any stanza but a groupchat message, which
 * {@link GroupchatAcks} handles) that the sender's connection sent again because the room had not
 * yet acknowledged it: a connection probes its oldest unacknowledged stanza every
 * {@code switchboard.c2s.resend-after} (2 s), and sends everything unacknowledged again when it
 * re-attaches, with the same {@link Receipt} (connection and sequence number). A busy room took
 * longer than that to write a room-config form and answered the form and each copy (50 results
 * for 20 forms in a benchmark). A copy is recognised by its receipt: one of a request still on its
 * way is dropped (the request's acknowledgement covers it), one of a request answered is only
 * acknowledged again. Keyed by the receipt, not by the IQ id, so a client that reuses ids is never
 * taken for a copy. A copy that reaches a restarted room is handled anew: the earlier incarnation
 * may have died before answering. Bounded; owned by the entity's actor.
 */
final class RequestCopies {
  private final Map<Receipt, Boolean> answered;

  RequestCopies(int capacity) {
    int cap = Math.max(1, capacity);
    this.answered = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Receipt, Boolean> eldest) {
        return size() > cap;
      }
    };
  }

  /**
   * Whether the stanza with {@code receipt} is a copy of one this room already took (then
   * handled here: acknowledged again if answered); otherwise it is remembered as taken.
   */
  boolean isCopy(Receipt receipt) {
    if (receipt == null) {
      return false;
    }
    Boolean done = answered.get(receipt);
    if (done == null) {
      answered.put(receipt, Boolean.FALSE);
      return false;
    }
    if (done) {
      receipt.ack();
    }
    return true;
  }

  /** Acknowledges {@code receipt}: its request was answered. */
  void ack(Receipt receipt) {
    if (receipt == null) {
      return;
    }
    receipt.ack();
    answered.replace(receipt, Boolean.TRUE);
  }
}
