package io.switchboard.persistence.archive;

import java.util.List;

/**
 * A page of archived messages, always oldest first.
 *
 * @param complete true when no further message matches in the paging direction (XEP-0313
 *     {@code complete}): none after the last item when paging forward, none before the first item
 *     when paging backwards
 */
public record ArchivePage(List<ArchivedMessage> items, boolean complete) {
  public ArchivePage {
    items = List.copyOf(items);
  }
}
