package io.switchboard.node.upload;

import io.switchboard.persistence.upload.UploadStore;
import io.switchboard.persistence.upload.UploadedFile;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The bytes as chunks in Cassandra ({@code upload_chunks}, one partition each, with the file's
 * TTL), written and read {@value #PARALLELISM} at a time: memory per transfer is about
 * {@code PARALLELISM + 1} chunks.
 */
final class CassandraBlobStore implements BlobStore {
  static final int PARALLELISM = 2;

  private final UploadStore store;
  private final int chunkSize;
  private final Clock clock;

  CassandraBlobStore(UploadStore store, int chunkSize, Clock clock) {
    this.store = store;
    this.chunkSize = chunkSize;
    this.clock = clock;
  }

  @Override
  public int chunkSize() {
    return chunkSize;
  }

  @Override
  public Sink<ByteString, CompletionStage<Long>> writer(UploadedFile file) {
    Duration ttl = Duration.between(clock.instant(), file.expiresAt());
    return Rechunk.of(file.chunkSize())
        .zipWithIndex()
        .mapAsync(PARALLELISM, p -> store.writeChunk(file.id(), Math.toIntExact(p.second()),
            p.first().asByteBuffer(), ttl).thenApply(v -> (long) p.first().size()))
        .toMat(Sink.fold(0L, Long::sum), Keep.right());
  }

  @Override
  public Source<ByteString, NotUsed> reader(UploadedFile file, long from, long to) {
    if (to <= from) {
      return Source.empty();
    }
    int size = file.chunkSize();
    int first = (int) (from / size);
    int last = (int) ((to - 1) / size);
    return Source.range(first, last)
        .mapAsync(PARALLELISM, i -> store.readChunk(file.id(), i).thenApply(data -> {
          ByteString chunk = ByteString.fromByteBuffer(data.orElseThrow(() ->
              new IllegalStateException("chunk " + i + " of upload " + file.id() + " is gone")));
          long start = (long) i * size;
          int dropFront = (int) Math.max(0, from - start);
          int keep = (int) Math.min(chunk.size(), to - start);
          return chunk.slice(dropFront, keep);
        }));
  }

  @Override
  public CompletionStage<Void> delete(UploadedFile file) {
    return store.deleteChunks(file.id(), file.chunks());
  }
}
