package io.switchboard.node.upload;

import io.switchboard.persistence.upload.UploadedFile;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Where the bytes of uploaded files are kept (the metadata is always in Cassandra): chunks in
 * Cassandra ({@link CassandraBlobStore}) or an S3-compatible bucket ({@link S3BlobStore}). Both are
 * streams with back-pressure, so a file never sits in memory whole.
 */
interface BlobStore {

  /** Bytes per stored chunk, recorded with each file (0 when the store does not chunk). */
  int chunkSize();

  /** Stores the bytes of {@code file} as they come; completes with the count written. */
  Sink<ByteString, CompletionStage<Long>> writer(UploadedFile file);

  /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code file}; fails if they are gone. */
  Source<ByteString, NotUsed> reader(UploadedFile file, long from, long to);

  /** Removes the bytes of {@code file} (whatever part of them was written). */
  CompletionStage<Void> delete(UploadedFile file);

  /** Releases clients and threads (at node shutdown). */
  default void close() {}
}
