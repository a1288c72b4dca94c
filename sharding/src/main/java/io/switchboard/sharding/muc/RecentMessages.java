package io.switchboard.sharding.muc;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groupchat messages a room recently accepted, by sender and message id, so a copy the
 * sender's connection sends again (its acknowledgement was lost with a node) is recognised: a
 * message this incarnation delivered is only acknowledged again; one still on its way takes the
 * copy's receipt along; one a previous incarnation archived (loaded with the history when the
 * room started) is sent to the occupants once more, because nobody knows whether it reached them
 * before the crash. Bounded; owned by the entity's actor.
 */
final class RecentMessages {
  /** What is known of a message. */
  sealed interface Known {}

  /** Archived by an earlier incarnation: delivery unknown. */
  record Archived(XmlElement message) implements Known {}

  /** On its way: these receipts are acknowledged when it is delivered. */
  record Pending(List<Receipt> receipts) implements Known {}

  /** Delivered by this incarnation. */
  enum Delivered implements Known {
    INSTANCE
  }

  private final Map<String, Known> known;

  RecentMessages(int capacity) {
    int cap = Math.max(1, capacity);
    this.known = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
        return size() > cap;
      }
    };
  }

  Known get(String key) {
    return key == null ? null : known.get(key);
  }

  void archived(String key, XmlElement message) {
    if (key != null) {
      known.put(key, new Archived(message));
    }
  }

  void pending(String key, Receipt receipt) {
    if (key != null) {
      List<Receipt> receipts = new ArrayList<>();
      if (receipt != null) {
        receipts.add(receipt);
      }
      known.put(key, new Pending(receipts));
    }
  }

  /** Marks {@code key} delivered and returns the receipts that waited for it. */
  List<Receipt> delivered(String key) {
    if (key == null) {
      return List.of();
    }
    Known k = known.put(key, Delivered.INSTANCE);
    return k instanceof Pending p ? p.receipts() : List.of();
  }

  void clear() {
    known.clear();
  }
}
