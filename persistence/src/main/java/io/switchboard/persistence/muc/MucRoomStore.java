package io.switchboard.persistence.muc;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The directory of multi-user chat rooms: which rooms exist, the public ones in name order (paged
 * for disco#items, XEP-0059), and the rooms each user created. The rooms' own state is in their
 * journals; this is what the service answers from without waking a room.
 */
public interface MucRoomStore {

  static MucRoomStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraMucRoomStore(session, settings.keyspace());
  }

  /** A page of public rooms and whether more follow in the direction of paging. */
  record Page(List<MucRoomRecord> rooms, boolean more) {
    public Page {
      rooms = List.copyOf(rooms);
    }
  }

  /** Writes (or rewrites) a room's entry; a room that is not public leaves the public list. */
  CompletionStage<Void> put(MucRoomRecord room);

  /** Removes a room's entry ({@code creator} may be null: it is read first). */
  CompletionStage<Void> remove(String service, String room, String creator);

  CompletionStage<Boolean> exists(String service, String room);

  /** Rooms {@code creator} created that exist, at any service. */
  CompletionStage<Integer> countCreatedBy(String creator);

  /**
   * Public rooms of {@code service} in name order: after {@code after} (exclusive) when not null,
   * else the page ending before {@code before} ("" for the last page) when not null, else the
   * first page; at most {@code max} (1 or more).
   */
  CompletionStage<Page> publicRooms(String service, String after, String before, int max);

  /** Every room of {@code service}, public or not, in name order (at most {@code limit}). */
  CompletionStage<List<MucRoomRecord>> all(String service, int limit);
}
