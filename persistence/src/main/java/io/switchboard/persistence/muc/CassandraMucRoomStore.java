package io.switchboard.persistence.muc;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.switchboard.persistence.AsyncRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link MucRoomStore} on three tables. {@code muc_rooms} and {@code muc_public_rooms} spread a
 * service's rooms over {@value #BUCKETS} partitions (a hash of the room name), so a service with a
 * million rooms is not one wide partition; a page of public rooms in name order is the merge of
 * one bounded range query per bucket ({@code LIMIT max + 1} each, so the merge knows whether more
 * follow). {@code muc_rooms_by_creator} counts a user's rooms. An entry is written with a logged
 * batch, so the three tables agree after a crash.
 */
final class CassandraMucRoomStore implements MucRoomStore {
  /** Partitions per service; changing it would need the tables rewritten. */
  static final int BUCKETS = 16;

  private final CqlSession session;
  private final PreparedStatement insertRoom;
  private final PreparedStatement insertPublic;
  private final PreparedStatement deletePublic;
  private final PreparedStatement insertByCreator;
  private final PreparedStatement deleteRoom;
  private final PreparedStatement deleteByCreator;
  private final PreparedStatement selectRoom;
  private final PreparedStatement countByCreator;
  private final PreparedStatement allInBucket;
  private final PreparedStatement firstPublic;
  private final PreparedStatement publicAfter;
  private final PreparedStatement publicBefore;
  private final PreparedStatement lastPublic;

  CassandraMucRoomStore(CqlSession session, String keyspace) {
    this.session = session;
    String rooms = keyspace + ".muc_rooms";
    String pub = keyspace + ".muc_public_rooms";
    String byCreator = keyspace + ".muc_rooms_by_creator";
    insertRoom = session.prepare("INSERT INTO " + rooms
        + " (service, bucket, room, name, public, persistent, creator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insertPublic = session.prepare("INSERT INTO " + pub + " (service, bucket, room, name) VALUES (?, ?, ?, ?)");
    deletePublic = session.prepare("DELETE FROM " + pub + " WHERE service = ? AND bucket = ? AND room = ?");
    insertByCreator = session.prepare("INSERT INTO " + byCreator + " (creator, service, room) VALUES (?, ?, ?)");
    deleteRoom = session.prepare("DELETE FROM " + rooms + " WHERE service = ? AND bucket = ? AND room = ?");
    deleteByCreator = session.prepare("DELETE FROM " + byCreator + " WHERE creator = ? AND service = ? AND room = ?");
    selectRoom = session.prepare("SELECT room, name, public, persistent, creator, created_at FROM " + rooms
        + " WHERE service = ? AND bucket = ? AND room = ?");
    countByCreator = session.prepare("SELECT COUNT(*) FROM " + byCreator + " WHERE creator = ?");
    allInBucket = session.prepare("SELECT room, name, public, persistent, creator, created_at FROM " + rooms
        + " WHERE service = ? AND bucket = ? LIMIT ?");
    firstPublic = session.prepare("SELECT room, name FROM " + pub + " WHERE service = ? AND bucket = ? LIMIT ?");
    publicAfter = session.prepare("SELECT room, name FROM " + pub
        + " WHERE service = ? AND bucket = ? AND room > ? LIMIT ?");
    publicBefore = session.prepare("SELECT room, name FROM " + pub
        + " WHERE service = ? AND bucket = ? AND room < ? ORDER BY room DESC LIMIT ?");
    lastPublic = session.prepare("SELECT room, name FROM " + pub
        + " WHERE service = ? AND bucket = ? ORDER BY room DESC LIMIT ?");
  }

  static int bucket(String room) {
    return Math.floorMod(room.hashCode(), BUCKETS);
  }

  @Override
  public CompletionStage<Void> put(MucRoomRecord r) {
    int b = bucket(r.room());
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED)
        .addStatement(insertRoom.bind(r.service(), b, r.room(), r.name(), r.isPublic(), r.persistent(),
            r.creator(), r.createdAt()))
        .addStatement(r.isPublic()
            ? insertPublic.bind(r.service(), b, r.room(), r.name())
            : deletePublic.bind(r.service(), b, r.room()));
    if (r.creator() != null) {
      batch.addStatement(insertByCreator.bind(r.creator(), r.service(), r.room()));
    }
    return session.executeAsync(batch.build()).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Void> remove(String service, String room, String creator) {
    int b = bucket(room);
    CompletionStage<String> who = creator != null
        ? CompletableFuture.completedFuture(creator)
        : session.executeAsync(selectRoom.bind(service, b, room)).thenApply(rs -> {
            Row row = rs.one();
            return row == null ? null : row.getString("creator");
          });
    return who.thenCompose(c -> {
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED)
          .addStatement(deleteRoom.bind(service, b, room))
          .addStatement(deletePublic.bind(service, b, room));
      if (c != null) {
        batch.addStatement(deleteByCreator.bind(c, service, room));
      }
      return session.executeAsync(batch.build());
    }).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Boolean> exists(String service, String room) {
    return session.executeAsync(selectRoom.bind(service, bucket(room), room)).thenApply(rs -> rs.one() != null);
  }

  @Override
  public CompletionStage<Integer> countCreatedBy(String creator) {
    return session.executeAsync(countByCreator.bind(creator)).thenApply(rs -> {
      Row row = rs.one();
      return row == null ? 0 : (int) row.getLong(0);
    });
  }

  @Override
  public CompletionStage<Page> publicRooms(String service, String after, String before, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    boolean backwards = after == null && before != null;
    List<CompletableFuture<List<MucRoomRecord>>> parts = new ArrayList<>(BUCKETS);
    for (int b = 0; b < BUCKETS; b++) {
      PreparedStatement ps;
      Object[] values;
      if (after != null) {
        ps = publicAfter;
        values = new Object[] {service, b, after, max + 1};
      } else if (backwards && !before.isEmpty()) {
        ps = publicBefore;
        values = new Object[] {service, b, before, max + 1};
      } else if (backwards) {
        ps = lastPublic;
        values = new Object[] {service, b, max + 1};
      } else {
        ps = firstPublic;
        values = new Object[] {service, b, max + 1};
      }
      parts.add(AsyncRows.collect(session.executeAsync(ps.bind(values)), max + 1,
          row -> new MucRoomRecord(service, row.getString("room"), row.getString("name"), true, false, null, null))
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      List<MucRoomRecord> all = new ArrayList<>();
      parts.forEach(p -> all.addAll(p.join()));
      Comparator<MucRoomRecord> byName = Comparator.comparing(MucRoomRecord::room);
      all.sort(backwards ? byName.reversed() : byName);
      boolean more = all.size() > max;
      List<MucRoomRecord> page = new ArrayList<>(all.subList(0, Math.min(max, all.size())));
      if (backwards) {
        java.util.Collections.reverse(page);
      }
      return new Page(page, more);
    });
  }

  @Override
  public CompletionStage<List<MucRoomRecord>> all(String service, int limit) {
    List<CompletableFuture<List<MucRoomRecord>>> parts = new ArrayList<>(BUCKETS);
    for (int b = 0; b < BUCKETS; b++) {
      parts.add(AsyncRows.collect(session.executeAsync(allInBucket.bind(service, b, limit)), limit,
          row -> record(service, row)).toCompletableFuture());
    }
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      List<MucRoomRecord> all = new ArrayList<>();
      parts.forEach(p -> all.addAll(p.join()));
      all.sort(Comparator.comparing(MucRoomRecord::room));
      return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    });
  }

  private static MucRoomRecord record(String service, Row row) {
    Instant created = row.getInstant("created_at");
    return new MucRoomRecord(service, row.getString("room"), row.getString("name"), row.getBoolean("public"),
        row.getBoolean("persistent"), row.getString("creator"), created);
  }
}
