package io.switchboard.sharding.mam;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jxmpp.jid.Jid;

/**
 * One archive query, as the store runs it: XEP-0313's filters with XEP-0059's paging folded in.
 * Null fields filter nothing.
 *
 * @param start only messages taken on or after this
 * @param end only messages taken on or before this
 * @param with only messages with this JID (a bare JID matches every resource; a full JID exactly)
 * @param afterId only messages after this id (exclusive)
 * @param beforeId only messages before this id (exclusive)
 * @param ids only these messages (XEP-0313 {@code ids}); every one must exist
 * @param max the page size
 * @param backwards the page at the newest end of the range rather than the oldest
 */
public record ArchiveFilter(
    Instant start, Instant end, Jid with, UUID afterId, UUID beforeId, List<UUID> ids, int max, boolean backwards) {

  public ArchiveFilter {
    ids = ids == null ? List.of() : List.copyOf(ids);
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
  }

  /** The first {@code max} messages of the whole archive. */
  public static ArchiveFilter first(int max) {
    return new ArchiveFilter(null, null, null, null, null, List.of(), max, false);
  }

  /** The last {@code max} messages of the whole archive. */
  public static ArchiveFilter last(int max) {
    return new ArchiveFilter(null, null, null, null, null, List.of(), max, true);
  }

  public ArchiveFilter after(UUID id) {
    return new ArchiveFilter(start, end, with, id, beforeId, ids, max, false);
  }

  public ArchiveFilter before(UUID id) {
    return new ArchiveFilter(start, end, with, afterId, id, ids, max, true);
  }

  /** This filter, starting no earlier than {@code t} (null: unchanged). */
  public ArchiveFilter notBefore(Instant t) {
    if (t == null || (start != null && !start.isBefore(t))) {
      return this;
    }
    return new ArchiveFilter(t, end, with, afterId, beforeId, ids, max, backwards);
  }

  public ArchiveFilter withJid(Jid jid) {
    return new ArchiveFilter(start, end, jid, afterId, beforeId, ids, max, backwards);
  }
}
