package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.Objects;

/**
 * A published item.
 *
 * @param id unique within the node
 * @param publisher the publisher's full JID as it published
 * @param payload the item's payload element, or null for an item without one
 * @param stamp when it was published
 */
public record Item(String id, String publisher, XmlElement payload, Instant stamp) {
  public Item {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(stamp, "stamp");
  }

  @Override
  public String toString() {
    return "Item[id=" + id + ", publisher=" + publisher + ", stamp=" + stamp + "]";
  }
}
