package io.switchboard.persistence.upload;

import java.time.Instant;
import java.util.Objects;

/**
 * One uploaded file's metadata.
 *
 * @param id the random id in the file's URLs
 * @param owner the bare JID that requested the slot
 * @param filename the file name as requested (the last segment of the URLs)
 * @param contentType the declared content type, or null when none was declared
 * @param size the size in bytes, as declared in the slot request
 * @param chunkSize bytes per stored chunk (0 when the bytes are not stored in Cassandra)
 * @param state whether the bytes are all there
 * @param usageBucket the quota bucket the size was reserved in (see {@link UploadQuota})
 * @param createdAt when the upload began
 * @param expiresAt when the file (and every row about it) expires
 */
public record UploadedFile(
    String id,
    String owner,
    String filename,
    String contentType,
    long size,
    int chunkSize,
    State state,
    long usageBucket,
    Instant createdAt,
    Instant expiresAt) {

  /** Whether the bytes are being written or all written. */
  public enum State {
    UPLOADING,
    COMPLETE
  }

  public UploadedFile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (size < 0 || chunkSize < 0) {
      throw new IllegalArgumentException("negative size");
    }
  }

  /** How many chunks of {@link #chunkSize} hold {@link #size} bytes (one, empty, for an empty file). */
  public int chunks() {
    if (chunkSize == 0) {
      return 0;
    }
    return (int) Math.max(1, (size + chunkSize - 1) / chunkSize);
  }

  public UploadedFile complete() {
    return new UploadedFile(id, owner, filename, contentType, size, chunkSize, State.COMPLETE, usageBucket,
        createdAt, expiresAt);
  }

  public boolean isComplete() {
    return state == State.COMPLETE;
  }
}
