package io.switchboard.node.muc;

import io.switchboard.persistence.archive.ArchiveQuery;
import io.switchboard.persistence.archive.ArchiveStore;
import io.switchboard.persistence.archive.ArchivedMessage;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import io.switchboard.sharding.mam.RoomArchiveQueries;
import io.switchboard.sharding.muc.RoomArchive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's messages in the XEP-0313 message archive ({@link ArchiveStore}), with the room's bare
 * JID as the archive's owner and the sender's occupant JID as "with": the archive a MAM query on
 * the room will read. Each stored stanza is the message as the room sent it (without {@code to}).
 */
public final class ArchiveRoomArchive implements RoomArchive {
  private static final Logger log = LoggerFactory.getLogger(ArchiveRoomArchive.class);

  private final ArchiveStore archive;
  private final RoomArchiveQueries queries;
  private final int ttlSeconds;

  /**
   * {@code queries} answers XEP-0313 queries on rooms; null when the node runs no XEP-0313. Each
   * message expires after {@code ttlSeconds} ({@code switchboard.mam.retention}, as account
   * archives; 0: kept for good).
   */
  public ArchiveRoomArchive(ArchiveStore archive, RoomArchiveQueries queries, int ttlSeconds) {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("negative TTL");
    }
    this.archive = archive;
    this.queries = queries;
    this.ttlSeconds = ttlSeconds;
  }

  @Override
  public List<String> queryFeatures() {
    return queries == null ? List.of() : queries.features();
  }

  @Override
  public CompletionStage<List<XmlElement>> query(String room, Instant since, XmlElement iq) {
    if (queries == null) {
      return RoomArchive.super.query(room, since, iq);
    }
    return queries.answer(Jids.bare(room), iq, since);
  }

  @Override
  public CompletionStage<String> append(String room, Instant stamp, String with, XmlElement message) {
    return archive.append(Jids.bare(room),
            new ArchivedMessage(null, stamp, with, ArchivedMessage.Direction.IN, message.toXml()), ttlSeconds)
        .thenApply(stored -> stored.id().toString());
  }

  @Override
  public CompletionStage<Void> purge(String room, Instant before) {
    return archive.deleteBefore(Jids.bare(room), before);
  }

  @Override
  public CompletionStage<List<Archived>> recent(String room, Instant since, int max) {
    if (max < 1) {
      return java.util.concurrent.CompletableFuture.completedFuture(List.of());
    }
    ArchiveQuery last = ArchiveQuery.first(max).withStart(since).before("");
    return archive.query(Jids.bare(room), last).thenApply(page -> {
      List<Archived> out = new ArrayList<>();
      for (ArchivedMessage m : page.items()) {
        Optional<XmlElement> stanza = XmlParser.parse(m.stanzaXml());
        if (stanza.isPresent()) {
          out.add(new Archived(m.id().toString(), m.stamp(), stanza.get()));
        } else {
          log.warn("archived message {} of {} is not readable; skipped", m.id(), room);
        }
      }
      return out;
    });
  }
}
