package io.switchboard.sharding.pubsub;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.Objects;

/**
 * A published item.
 *
 * <p>An item with a {@code ref} has its payload in the {@link ItemStore} under that key (issue
 * #23 F9): {@code payload} is then the cached copy, or null when only the metadata is held. An
 * item without a ref (written before items moved out of the entity, or published without a
 * payload, or to a node without a store) carries its payload inline: that payload is all there is.
 *
 * @param id unique within the node
 * @param publisher the publisher's full JID as it published
 * @param payload the item's payload element, or null for an item without one (or not cached)
 * @param stamp when it was published
 * @param ref the key of its payload in the item store, never reused; null when held inline
 * @param bytes its size for the byte quota ({@link ItemBytes}); 0 when not recorded (old items)
 */
public record Item(String id, String publisher, XmlElement payload, Instant stamp, String ref,
    int bytes) {

  @JsonCreator
  public Item {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(stamp, "stamp");
  }

  /** An item held inline (no ref). */
  public Item(String id, String publisher, XmlElement payload, Instant stamp) {
    this(id, publisher, payload, stamp, null, 0);
  }

  /** Whether its payload (or its lack of one) is in memory: no store read needed. */
  boolean cached() {
    return ref == null || payload != null;
  }

  /** This item as held beyond the cache: the metadata and the ref. */
  Item evicted() {
    return ref == null || payload == null ? this : new Item(id, publisher, null, stamp, ref, bytes);
  }

  /** This item with its payload as read from the store. */
  Item withPayload(XmlElement p) {
    return new Item(id, publisher, p, stamp, ref, bytes);
  }

  @Override
  public String toString() {
    return "Item[id=" + id + ", publisher=" + publisher + ", stamp=" + stamp + ", ref=" + ref + "]";
  }
}
