package io.switchboard.sharding.feed;

import java.util.List;

/**
 * A parsed feed (RSS 0.9x/1.0/2.0 or Atom 1.0): its entries in document order (feeds list the
 * newest first), and the WebSub links it declares ({@code <link rel="hub">} and
 * {@code rel="self"}, or the HTTP {@code Link} header), null when absent.
 */
public record FeedDocument(List<FeedEntry> entries, String hub, String self) {
  public FeedDocument {
    entries = List.copyOf(entries);
  }
}
