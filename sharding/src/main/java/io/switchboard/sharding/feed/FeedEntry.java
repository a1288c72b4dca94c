package io.switchboard.sharding.feed;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Objects;

/**
 * One entry of a feed document as it becomes a pub-sub item: {@code id} is the item id (the Atom
 * entry's id or the RSS item's guid, stable across fetches), {@code payload} the Atom
 * {@code <entry/>} (RSS items converted), {@code hash} a digest of the payload, so a changed entry
 * is told apart from an unchanged one without keeping its content.
 */
public record FeedEntry(String id, XmlElement payload, String hash) {
  public FeedEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(hash, "hash");
  }
}
