package io.switchboard.sharding.mam;

import java.util.List;

/**
 * A page of an archive, oldest first.
 *
 * @param complete no further message matches in the paging direction (XEP-0313 {@code complete})
 */
public record ArchivePage(List<ArchiveEntry> items, boolean complete) {
  public ArchivePage {
    items = List.copyOf(items);
  }
}
