package io.switchboard.sharding.muc;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a room's groupchat messages are kept (the node implements it on the message archive of
 * XEP-0313, with the room's JID as the archive's owner, so a MAM query on the room reads the same
 * rows). A message is sent to the occupants only once it is archived: its archive id becomes its
 * XEP-0359 stanza-id, and the room's history on join (§7.2.15) is read from here when a room
 * starts. Where the node runs XEP-0313, the archive also answers MAM queries on the room.
 */
public interface RoomArchive {

  /** One archived message: its id, when it was archived, and the stanza as the room sent it. */
  record Archived(String id, Instant stamp, XmlElement message) {}

  /** Archives {@code message} (sent from {@code with}, an occupant JID) and returns its id. */
  CompletionStage<String> append(String room, Instant stamp, String with, XmlElement message);

  /** The newest {@code max} messages archived at or after {@code since}, oldest first. */
  CompletionStage<List<Archived>> recent(String room, Instant since, int max);

  /**
   * Deletes the room's messages archived before {@code before}: a room destroyed, or created again
   * under the same name (whose older messages a crash may have left). Later messages stay.
   */
  default CompletionStage<Void> purge(String room, Instant before) {
    return CompletableFuture.completedFuture(null);
  }

  /** The XEP-0313 features a room announces when this archive answers queries (empty: it answers none). */
  default List<String> queryFeatures() {
    return List.of();
  }

  /**
   * Answers a XEP-0313 IQ to {@code room} from a requester the room entitled ({@code from}
   * stamped): the stanzas to send, in order. Only messages archived at or after {@code since}
   * are found. Called only when {@link #queryFeatures} is not empty.
   */
  default CompletionStage<List<XmlElement>> query(String room, Instant since, XmlElement iq) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this archive answers no queries"));
  }

  /** An archive in this JVM's memory (tests, and a node that runs without storage). */
  static RoomArchive inMemory() {
    return new RoomArchive() {
      private final Map<String, List<Archived>> rooms = new ConcurrentHashMap<>();

      @Override
      public CompletionStage<String> append(String room, Instant stamp, String with, XmlElement message) {
        String id = UUID.randomUUID().toString();
        rooms.computeIfAbsent(room, r -> java.util.Collections.synchronizedList(new ArrayList<>()))
            .add(new Archived(id, stamp, message));
        return CompletableFuture.completedFuture(id);
      }

      @Override
      public CompletionStage<List<Archived>> recent(String room, Instant since, int max) {
        List<Archived> all = rooms.getOrDefault(room, List.of());
        List<Archived> out = new ArrayList<>();
        synchronized (all) {
          for (Archived a : all) {
            if (!a.stamp().isBefore(since)) {
              out.add(a);
            }
          }
        }
        return CompletableFuture.completedFuture(
            List.copyOf(out.subList(Math.max(0, out.size() - max), out.size())));
      }

      @Override
      public CompletionStage<Void> purge(String room, Instant before) {
        List<Archived> all = rooms.get(room);
        if (all != null) {
          synchronized (all) {
            all.removeIf(a -> a.stamp().isBefore(before));
          }
        }
        return CompletableFuture.completedFuture(null);
      }
    };
  }
}
