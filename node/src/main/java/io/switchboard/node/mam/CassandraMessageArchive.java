package io.switchboard.node.mam;

import io.switchboard.persistence.archive.ArchiveQuery;
import io.switchboard.persistence.archive.ArchiveStore;
import io.switchboard.persistence.archive.ArchivedMessage;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import io.switchboard.sharding.mam.ArchiveEntry;
import io.switchboard.sharding.mam.ArchiveFilter;
import io.switchboard.sharding.mam.ArchivePage;
import io.switchboard.sharding.mam.MessageArchive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entities' archive port over the Cassandra {@link ArchiveStore}: stanzas as XML text, the
 * retention as each row's TTL, and what the store does not do itself: the check that every id a
 * query names is in the archive (XEP-0313: item-not-found), and {@code with} a full JID (the store
 * keys by bare JID, so pages of the bare JID are read and filtered until the page is full).
 */
public final class CassandraMessageArchive implements MessageArchive {
  private static final Logger log = LoggerFactory.getLogger(CassandraMessageArchive.class);
  /** Pages of the bare JID read at most to fill one page for a full JID. */
  private static final int MAX_FULL_JID_READS = 20;

  private final ArchiveStore store;
  private final int ttlSeconds;

  public CassandraMessageArchive(ArchiveStore store, int ttlSeconds) {
    this.store = store;
    this.ttlSeconds = ttlSeconds;
  }

  @Override
  public CompletionStage<Void> append(BareJid owner, ArchiveEntry e) {
    ArchivedMessage m = new ArchivedMessage(e.id(), e.stamp(), e.with(),
        e.outgoing() ? ArchivedMessage.Direction.OUT : ArchivedMessage.Direction.IN, e.stanza().toXml());
    return store.append(owner, m, ttlSeconds).thenApply(stored -> null);
  }

  @Override
  public CompletionStage<ArchivePage> query(BareJid owner, ArchiveFilter f) {
    List<UUID> named = new ArrayList<>(f.ids());
    if (f.afterId() != null) {
      named.add(f.afterId());
    }
    if (f.beforeId() != null) {
      named.add(f.beforeId());
    }
    CompletionStage<List<ArchivedMessage>> known = named.isEmpty()
        ? CompletableFuture.completedFuture(List.of()) : store.get(owner, new HashSet<>(named));
    return known.thenCompose(found -> {
      Set<UUID> present = new HashSet<>();
      found.forEach(m -> present.add(m.id()));
      for (UUID id : named) {
        if (!present.contains(id)) {
          return CompletableFuture.failedFuture(new UnknownId(id));
        }
      }
      if (!f.ids().isEmpty()) {
        return CompletableFuture.completedFuture(byIds(found, f));
      }
      return page(owner, f);
    });
  }

  /** XEP-0313 {@code ids}: the named messages that also pass the other filters, oldest first. */
  private ArchivePage byIds(List<ArchivedMessage> found, ArchiveFilter f) {
    List<ArchiveEntry> out = new ArrayList<>();
    found.stream().sorted(Comparator.comparing(ArchivedMessage::stamp).thenComparing(m -> m.id().timestamp()))
        .map(this::entry).flatMap(Optional::stream)
        .filter(e -> f.start() == null || !e.stamp().isBefore(f.start()))
        .filter(e -> f.end() == null || !e.stamp().isAfter(f.end()))
        .filter(e -> f.with() == null || matches(e, f.with()))
        .forEach(out::add);
    return new ArchivePage(out, true);
  }

  private CompletionStage<ArchivePage> page(BareJid owner, ArchiveFilter f) {
    ArchiveQuery q = new ArchiveQuery(Optional.ofNullable(f.start()), Optional.ofNullable(f.end()),
        Optional.ofNullable(f.with()).map(j -> j.asBareJid().toString()),
        Optional.ofNullable(f.afterId()).map(UUID::toString),
        f.backwards() ? Optional.of(f.beforeId() == null ? "" : f.beforeId().toString())
            : Optional.ofNullable(f.beforeId()).map(UUID::toString),
        f.max(), f.backwards());
    if (f.with() == null || !f.with().hasResource()) {
      return store.query(owner, q).thenApply(p -> new ArchivePage(entries(p.items()), p.complete()));
    }
    return fullJidPage(owner, q, f.with(), new ArrayList<>(), 0);
  }

  /**
   * Fills a page for a full JID from pages of its bare JID, continuing past the last row read in
   * the paging direction; the result is complete when the bare JID's messages ran out.
   */
  private CompletionStage<ArchivePage> fullJidPage(BareJid owner, ArchiveQuery q, Jid with, List<ArchiveEntry> got,
      int reads) {
    return store.query(owner, q).thenCompose(p -> {
      List<ArchiveEntry> matched = entries(p.items()).stream().filter(e -> matches(e, with)).toList();
      List<ArchiveEntry> all = new ArrayList<>(got);
      if (q.backwards()) {
        all.addAll(0, matched);
      } else {
        all.addAll(matched);
      }
      int max = q.max();
      if (all.size() > max) {
        List<ArchiveEntry> page = q.backwards() ? all.subList(all.size() - max, all.size()) : all.subList(0, max);
        return CompletableFuture.completedFuture(new ArchivePage(page, false));
      }
      if (p.complete() || p.items().isEmpty()) {
        return CompletableFuture.completedFuture(new ArchivePage(all, true));
      }
      if (reads + 1 >= MAX_FULL_JID_READS) {
        return CompletableFuture.completedFuture(new ArchivePage(all, false));
      }
      String edge = (q.backwards() ? p.items().get(0) : p.items().get(p.items().size() - 1)).id().toString();
      ArchiveQuery next = q.backwards() ? q.withBeforeId(edge) : q.withAfterId(edge);
      return fullJidPage(owner, next, with, all, reads + 1);
    });
  }

  /** The counterpart of {@code e} (its 'from' when received, its 'to' when sent) is exactly {@code with}. */
  private static boolean matches(ArchiveEntry e, Jid with) {
    if (!with.hasResource()) {
      return e.with().equals(with.asBareJid().toString());
    }
    String counterpart = e.outgoing() ? e.stanza().attr("to") : e.stanza().attr("from");
    return counterpart != null && Jids.parse(counterpart).map(with::equals).orElse(false);
  }

  @Override
  public CompletionStage<Optional<ArchiveEntry>> edge(BareJid owner, boolean newest) {
    return store.edge(owner, newest).thenApply(m -> m.flatMap(this::entry));
  }

  @Override
  public CompletionStage<Void> deleteAll(BareJid owner) {
    return store.deleteAll(owner);
  }

  private List<ArchiveEntry> entries(List<ArchivedMessage> rows) {
    List<ArchiveEntry> out = new ArrayList<>(rows.size());
    for (ArchivedMessage m : rows) {
      entry(m).ifPresent(out::add);
    }
    return out;
  }

  /** A row whose stanza cannot be read back is left out (and logged without its text). */
  private Optional<ArchiveEntry> entry(ArchivedMessage m) {
    Optional<XmlElement> stanza = XmlParser.parse(m.stanzaXml());
    if (stanza.isEmpty()) {
      log.warn("Archived message {} cannot be read back; left out of the results", m.id());
      return Optional.empty();
    }
    return Optional.of(new ArchiveEntry(m.id(), m.stamp(), m.with(), m.direction() == ArchivedMessage.Direction.OUT,
        stanza.get()));
  }
}
