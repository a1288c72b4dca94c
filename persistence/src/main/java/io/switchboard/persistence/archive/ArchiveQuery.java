package io.switchboard.persistence.archive;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An archive query (XEP-0313 filters with XEP-0059 paging).
 *
 * @param start only messages on or after this instant
 * @param end only messages on or before this instant
 * @param with only messages with this bare JID
 * @param afterId the page after this id, oldest first
 * @param beforeId the page before this id; present but empty ("") means the last page
 * @param max the page size (at least 1)
 */
public record ArchiveQuery(
    Optional<Instant> start,
    Optional<Instant> end,
    Optional<String> with,
    Optional<String> afterId,
    Optional<String> beforeId,
    int max) {

  public ArchiveQuery {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(with, "with");
    Objects.requireNonNull(afterId, "afterId");
    Objects.requireNonNull(beforeId, "beforeId");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    if (afterId.isPresent() && beforeId.isPresent()) {
      throw new IllegalArgumentException("afterId and beforeId together");
    }
  }

  /** The first {@code max} messages of the whole archive. */
  public static ArchiveQuery first(int max) {
    return new ArchiveQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), max);
  }

  public ArchiveQuery withStart(Instant s) {
    return new ArchiveQuery(Optional.of(s), end, with, afterId, beforeId, max);
  }

  public ArchiveQuery withEnd(Instant e) {
    return new ArchiveQuery(start, Optional.of(e), with, afterId, beforeId, max);
  }

  public ArchiveQuery withWith(String jid) {
    return new ArchiveQuery(start, end, Optional.of(jid), afterId, beforeId, max);
  }

  public ArchiveQuery after(String id) {
    return new ArchiveQuery(start, end, with, Optional.of(id), Optional.empty(), max);
  }

  public ArchiveQuery before(String id) {
    return new ArchiveQuery(start, end, with, Optional.empty(), Optional.of(id), max);
  }

  /** True when paging backwards (the page before an id, or the last page). */
  public boolean backwards() {
    return beforeId.isPresent();
  }
}
