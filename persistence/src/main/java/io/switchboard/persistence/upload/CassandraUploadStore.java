package io.switchboard.persistence.upload;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.switchboard.persistence.AsyncRows;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link UploadStore} on the V9 tables. Metadata reads and the {@code begin} transaction use
 * LOCAL_QUORUM (LOCAL_SERIAL for the transaction), so a node that serves a GET sees the file
 * another node completed; chunks are written and read at LOCAL_QUORUM too, since a GET may follow
 * the PUT's 201 at once on any node.
 */
final class CassandraUploadStore implements UploadStore {
  private static final String KEY_NAME = "upload-signing";

  private final CqlSession session;
  private final Clock clock;
  private final PreparedStatement begin;
  private final PreparedStatement complete;
  private final PreparedStatement listed;
  private final PreparedStatement find;
  private final PreparedStatement writeChunk;
  private final PreparedStatement readChunk;
  private final PreparedStatement deleteFile;
  private final PreparedStatement deleteListed;
  private final PreparedStatement deleteChunk;
  private final PreparedStatement byOwner;
  private final PreparedStatement insertKey;
  private final PreparedStatement readKey;

  CassandraUploadStore(CqlSession session, String ks, Clock clock) {
    this.session = session;
    this.clock = clock;
    String columns = "id, owner, filename, content_type, size, chunk_size, state, usage_bucket, created_at, expires_at";
    begin = session.prepare("INSERT INTO " + ks + ".upload_files (" + columns
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?");
    complete = session.prepare("INSERT INTO " + ks + ".upload_files (" + columns
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    listed = session.prepare("INSERT INTO " + ks + ".upload_files_by_owner (owner, created_at, id, size, filename) "
        + "VALUES (?, ?, ?, ?, ?) USING TTL ?");
    find = session.prepare("SELECT " + columns + " FROM " + ks + ".upload_files WHERE id = ?");
    writeChunk = session.prepare("INSERT INTO " + ks + ".upload_chunks (id, chunk, data) VALUES (?, ?, ?) USING TTL ?");
    readChunk = session.prepare("SELECT data FROM " + ks + ".upload_chunks WHERE id = ? AND chunk = ?");
    deleteFile = session.prepare("DELETE FROM " + ks + ".upload_files WHERE id = ?");
    deleteListed = session.prepare("DELETE FROM " + ks + ".upload_files_by_owner WHERE owner = ? AND created_at = ? AND id = ?");
    deleteChunk = session.prepare("DELETE FROM " + ks + ".upload_chunks WHERE id = ? AND chunk = ?");
    byOwner = session.prepare("SELECT id FROM " + ks + ".upload_files_by_owner WHERE owner = ?");
    insertKey = session.prepare("INSERT INTO " + ks + ".upload_keys (name, secret, created_at) VALUES (?, ?, ?) IF NOT EXISTS");
    readKey = session.prepare("SELECT secret FROM " + ks + ".upload_keys WHERE name = ?");
  }

  private static BoundStatement quorum(BoundStatement s) {
    return s.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
  }

  private static int seconds(Duration ttl) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
  }

  private static int secondsUntil(Instant end, Instant now) {
    return seconds(Duration.between(now, end));
  }

  private BoundStatement metadata(PreparedStatement p, UploadedFile f, int ttl) {
    return p.bind(f.id(), f.owner(), f.filename(), f.contentType(), f.size(), f.chunkSize(), f.state().name(),
        f.usageBucket(), f.createdAt(), f.expiresAt(), ttl);
  }

  @Override
  public CompletionStage<Boolean> begin(UploadedFile file, Duration uploadingFor) {
    return session.executeAsync(quorum(metadata(begin, file, seconds(uploadingFor))))
        .thenApply(rs -> rs.wasApplied());
  }

  @Override
  public CompletionStage<Void> writeChunk(String id, int index, ByteBuffer data, Duration ttl) {
    return session.executeAsync(quorum(writeChunk.bind(id, index, data, seconds(ttl)))).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Void> complete(UploadedFile file, Instant now) {
    int ttl = secondsUntil(file.expiresAt(), now);
    UploadedFile done = file.complete();
    BatchStatement batch = BatchStatement.newInstance(BatchType.LOGGED,
        metadata(complete, done, ttl),
        listed.bind(done.owner(), done.createdAt(), done.id(), done.size(), done.filename(), ttl))
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
    return session.executeAsync(batch).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Optional<UploadedFile>> find(String id) {
    return session.executeAsync(quorum(find.bind(id)))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraUploadStore::file));
  }

  private static UploadedFile file(Row r) {
    return new UploadedFile(r.getString("id"), r.getString("owner"), r.getString("filename"),
        r.getString("content_type"), r.getLong("size"), r.getInt("chunk_size"),
        UploadedFile.State.valueOf(r.getString("state")), r.getLong("usage_bucket"),
        r.getInstant("created_at"), r.getInstant("expires_at"));
  }

  @Override
  public CompletionStage<Optional<ByteBuffer>> readChunk(String id, int index) {
    return session.executeAsync(quorum(readChunk.bind(id, index)))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(r -> r.getByteBuffer("data")));
  }

  @Override
  public CompletionStage<Void> delete(UploadedFile file) {
    BatchStatement batch = BatchStatement.newInstance(BatchType.LOGGED,
        deleteFile.bind(file.id()), deleteListed.bind(file.owner(), file.createdAt(), file.id()))
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
    return session.executeAsync(batch).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Void> deleteChunks(String id, int chunks) {
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      all.add(session.executeAsync(deleteChunk.bind(id, i)).toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
  }

  @Override
  public CompletionStage<List<UploadedFile>> byOwner(String owner, int limit) {
    return AsyncRows.collect(session.executeAsync(byOwner.bind(owner)), limit, r -> r.getString("id"))
        .thenCompose(ids -> {
          List<CompletableFuture<Optional<UploadedFile>>> found = ids.stream()
              .map(id -> find(id).toCompletableFuture()).toList();
          return CompletableFuture.allOf(found.toArray(new CompletableFuture<?>[0]))
              .thenApply(v -> found.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
        });
  }

  @Override
  public CompletionStage<byte[]> clusterKey(Supplier<byte[]> generate) {
    return session.executeAsync(quorum(readKey.bind(KEY_NAME))).thenCompose(rs -> {
      Row row = rs.one();
      if (row != null) {
        return CompletableFuture.completedFuture(bytes(row.getByteBuffer("secret")));
      }
      ByteBuffer candidate = ByteBuffer.wrap(generate.get());
      return session.executeAsync(quorum(insertKey.bind(KEY_NAME, candidate, clock.instant())))
          .thenApply(inserted -> inserted.wasApplied()
              ? bytes(candidate)
              : bytes(inserted.one().getByteBuffer("secret"))); // another node stored one first
    });
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
