package io.switchboard.persistence.upload;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Each user's upload quota: the bytes they reserved within a sliding window (the retention of
 * their files), kept per hour in {@code upload_usage}.
 *
 * <p>Why lightweight transactions and not a counter: a counter can only be incremented blindly, so
 * two uploads at once would both see room and both add (the quota exceeded by as many files as
 * run at once), a retried increment counts twice (counters are not idempotent), and counter cells
 * cannot expire (TTL), so the bytes of expired files would have to be subtracted by a sweeper. A
 * reservation here reads the window and then compare-and-sets the current hour's cell ({@code IF
 * used = ?}); two reservations in the same hour are serialised by Paxos, and the loser retries with
 * the value it lost to. Cells carry a TTL of the window plus an hour, so the bytes of expired files
 * leave the sum by themselves.
 *
 * <p>What can still exceed the quota: reservations racing across an hour boundary (one writes hour
 * H, the other H+1 and read H before the first committed), at most by the uploads in flight at that
 * instant. A file deleted early gives its bytes back to its hour's cell.
 */
public interface UploadQuota {

  /** Reservations in Cassandra over {@code window} (usually the file retention). */
  static UploadQuota cassandra(CqlSession session, CassandraSettings settings, Duration window) {
    return new CassandraUploadQuota(session, settings.keyspace(), window);
  }

  /**
   * The outcome of {@link #reserve}.
   *
   * @param granted whether the bytes were added
   * @param bucket the hour they were added to (epoch hours), to give them back with {@link #release}
   * @param used the bytes reserved in the window: after the reservation when granted, else the sum
   *     that left no room
   * @param freesAt when granted is false, when the oldest reservation leaves the window (the
   *     earliest a retry can succeed), else null
   */
  record Reservation(boolean granted, long bucket, long used, Instant freesAt) {}

  /** The bytes {@code owner} reserved in the window ending at {@code now}. */
  CompletionStage<Long> used(String owner, Instant now);

  /**
   * What {@link #reserve} would answer now, without reserving anything (a read): whether
   * {@code bytes} more fit, the usage, and when room frees up if they do not.
   */
  CompletionStage<Reservation> check(String owner, long bytes, long limit, Instant now);

  /** Adds {@code bytes} to {@code owner}'s usage at {@code now}, unless that would exceed {@code limit}. */
  CompletionStage<Reservation> reserve(String owner, long bytes, long limit, Instant now);

  /** Gives back {@code bytes} reserved in {@code bucket} (a failed or deleted upload); no-op once the bucket expired. */
  CompletionStage<Void> release(String owner, long bucket, long bytes);

  /** The bucket (epoch hour) of an instant. */
  static long bucketOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), 3600);
  }
}
