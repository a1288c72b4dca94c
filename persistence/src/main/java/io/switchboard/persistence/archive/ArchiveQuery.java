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
 * @param afterId only messages after this id (exclusive)
 * @param beforeId only messages before this id (exclusive); present but empty ("") means no bound
 *     (with {@code backwards}: the last page)
 * @param max the page size (at least 1)
 * @param backwards the page at the upper end of the range (the last page, or the page before
 *     {@code beforeId}) rather than at its lower end; items are oldest first either way
 */
public record ArchiveQuery(
    Optional<Instant> start,
    Optional<Instant> end,
    Optional<String> with,
    Optional<String> afterId,
    Optional<String> beforeId,
    int max,
    boolean backwards) {

  public ArchiveQuery {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(with, "with");
    Objects.requireNonNull(afterId, "afterId");
    Objects.requireNonNull(beforeId, "beforeId");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
  }

  /** An RSM-style query: paging backwards exactly when {@code beforeId} is present. */
  public ArchiveQuery(Optional<Instant> start, Optional<Instant> end, Optional<String> with, Optional<String> afterId,
      Optional<String> beforeId, int max) {
    this(start, end, with, afterId, beforeId, max, beforeId.isPresent());
    if (afterId.isPresent() && beforeId.isPresent()) {
      throw new IllegalArgumentException("afterId and beforeId together");
    }
  }

  /** The first {@code max} messages of the whole archive. */
  public static ArchiveQuery first(int max) {
    return new ArchiveQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        max, false);
  }

  public ArchiveQuery withStart(Instant s) {
    return new ArchiveQuery(Optional.of(s), end, with, afterId, beforeId, max, backwards);
  }

  public ArchiveQuery withEnd(Instant e) {
    return new ArchiveQuery(start, Optional.of(e), with, afterId, beforeId, max, backwards);
  }

  public ArchiveQuery withWith(String jid) {
    return new ArchiveQuery(start, end, Optional.of(jid), afterId, beforeId, max, backwards);
  }

  /** The page after {@code id}, paging forwards. */
  public ArchiveQuery after(String id) {
    return new ArchiveQuery(start, end, with, Optional.of(id), Optional.empty(), max, false);
  }

  /** The page before {@code id} ("" for the last page), paging backwards. */
  public ArchiveQuery before(String id) {
    return new ArchiveQuery(start, end, with, Optional.empty(), Optional.of(id), max, true);
  }

  /** Only messages after {@code id}, keeping the direction and the other bound. */
  public ArchiveQuery withAfterId(String id) {
    return new ArchiveQuery(start, end, with, Optional.of(id), beforeId, max, backwards);
  }

  /** Only messages before {@code id}, keeping the direction and the other bound. */
  public ArchiveQuery withBeforeId(String id) {
    return new ArchiveQuery(start, end, with, afterId, Optional.of(id), max, backwards);
  }

  /** The same query paging backwards (from the upper end of its range) or forwards. */
  public ArchiveQuery pagingBackwards(boolean b) {
    return new ArchiveQuery(start, end, with, afterId, beforeId, max, b);
  }

  /** The same query with another page size. */
  public ArchiveQuery withMax(int m) {
    return new ArchiveQuery(start, end, with, afterId, beforeId, m, backwards);
  }
}
