package io.switchboard.persistence.pubsub;

import java.time.Instant;
import java.util.Objects;

/**
 * A published item of a pub-sub node (XEP-0060).
 *
 * @param id the item id, unique within its node
 * @param publisher the publisher's JID as a string
 * @param payloadXml the item's payload, serialised
 * @param stamp when it was published
 */
public record PubSubItem(String id, String publisher, String payloadXml, Instant stamp) {
  public PubSubItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(payloadXml, "payloadXml");
    Objects.requireNonNull(stamp, "stamp");
  }

  @Override
  public String toString() {
    return "PubSubItem[id=" + id + ", publisher=" + publisher + ", stamp=" + stamp + "]";
  }
}
