package io.switchboard.node.muc;

import io.switchboard.persistence.muc.MucRoomRecord;
import io.switchboard.persistence.muc.MucRoomStore;
import io.switchboard.sharding.muc.RoomDirectory;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The MUC service's {@link RoomDirectory} on the Cassandra {@link MucRoomStore}. */
public final class CassandraRoomDirectory implements RoomDirectory {
  /** The most rooms an operator's listing returns. */
  private static final int MAX_LISTED = 100_000;

  private final MucRoomStore store;

  public CassandraRoomDirectory(MucRoomStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<Void> put(Listing l) {
    return store.put(new MucRoomRecord(l.service(), l.room(), l.name(), l.isPublic(), l.persistent(), l.creator(),
        l.created()));
  }

  @Override
  public CompletionStage<Void> remove(String service, String room, String creator) {
    return store.remove(service, room, creator);
  }

  @Override
  public CompletionStage<Boolean> exists(String service, String room) {
    return store.exists(service, room);
  }

  @Override
  public CompletionStage<Integer> countCreatedBy(String creator) {
    return store.countCreatedBy(creator);
  }

  @Override
  public CompletionStage<Page> publicRooms(String service, String after, String before, int max) {
    return store.publicRooms(service, after, before, max)
        .thenApply(p -> new Page(p.rooms().stream().map(CassandraRoomDirectory::listing).toList(), p.more()));
  }

  @Override
  public CompletionStage<List<Listing>> all(String service) {
    return store.all(service, MAX_LISTED).thenApply(rs -> rs.stream().map(CassandraRoomDirectory::listing).toList());
  }

  private static Listing listing(MucRoomRecord r) {
    return new Listing(r.service(), r.room(), r.name(), r.isPublic(), r.persistent(), r.creator(), r.createdAt());
  }
}
