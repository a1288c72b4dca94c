package io.switchboard.persistence.upload;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Uploaded files (XEP-0363) in Cassandra: metadata, the bytes as chunks, each user's list, and the
 * cluster's signing key. Rows expire with their file (TTL); {@link #delete} removes a file early.
 */
public interface UploadStore {

  /** The Cassandra implementation on the V9 tables ({@link UploadSchema}). */
  static UploadStore cassandra(CqlSession session, CassandraSettings settings, Clock clock) {
    return new CassandraUploadStore(session, settings.keyspace(), clock);
  }

  /**
   * Records that {@code file} (state uploading) is being written, unless a row with its id exists
   * (a lightweight transaction: of two PUTs to one slot, one wins). The row lives for
   * {@code uploadingFor}, so an upload cut by a crash does not block its id longer.
   *
   * @return true when this call created the row; false when the id is taken
   */
  CompletionStage<Boolean> begin(UploadedFile file, Duration uploadingFor);

  /** Stores chunk {@code index} of file {@code id}, living {@code ttl}. */
  CompletionStage<Void> writeChunk(String id, int index, ByteBuffer data, Duration ttl);

  /**
   * Marks {@code file} complete (its GET URL then serves it) and lists it under its owner; both
   * rows live until the file expires ({@code now} to {@code expiresAt}).
   */
  CompletionStage<Void> complete(UploadedFile file, Instant now);

  /** The file with {@code id}, complete or not. */
  CompletionStage<Optional<UploadedFile>> find(String id);

  /** Chunk {@code index} of file {@code id}, or empty when it is missing (expired or deleted). */
  CompletionStage<Optional<ByteBuffer>> readChunk(String id, int index);

  /** Removes the metadata of {@code file} and its row in the owner's list (its GET URL then answers 404). */
  CompletionStage<Void> delete(UploadedFile file);

  /** Removes chunks 0 to {@code chunks - 1} of file {@code id}. */
  CompletionStage<Void> deleteChunks(String id, int chunks);

  /** The owner's files, newest first, at most {@code limit}. */
  CompletionStage<List<UploadedFile>> byOwner(String owner, int limit);

  /**
   * The key every node signs upload URLs with when none is configured: the one stored, or
   * {@code generate}d and stored by the first node that asks (a lightweight transaction, so every
   * node of the cluster gets the same key).
   */
  CompletionStage<byte[]> clusterKey(Supplier<byte[]> generate);
}
