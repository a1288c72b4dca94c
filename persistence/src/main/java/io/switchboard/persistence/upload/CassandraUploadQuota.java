package io.switchboard.persistence.upload;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.switchboard.persistence.AsyncRows;
import io.switchboard.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link UploadQuota} on {@code upload_usage}: see the interface for why compare-and-set. */
final class CassandraUploadQuota implements UploadQuota {
  /** Compare-and-set rounds before a reservation gives up (only under heavy contention on one user). */
  static final int MAX_ATTEMPTS = 64;
  private static final int MAX_BUCKETS = 100_000;

  private final CqlSession session;
  private final Duration window;
  private final int ttlSeconds;
  private final PreparedStatement buckets;
  private final PreparedStatement insert;
  private final PreparedStatement update;

  CassandraUploadQuota(CqlSession session, String ks, Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the quota window must be positive");
    }
    this.session = session;
    this.window = window;
    this.ttlSeconds = (int) Math.min(Integer.MAX_VALUE, window.plusHours(1).toSeconds());
    buckets = session.prepare("SELECT bucket, used FROM " + ks + ".upload_usage WHERE owner = ? AND bucket >= ?");
    insert = session.prepare("INSERT INTO " + ks + ".upload_usage (owner, bucket, used) VALUES (?, ?, ?) "
        + "IF NOT EXISTS USING TTL ?");
    update = session.prepare("UPDATE " + ks + ".upload_usage USING TTL ? SET used = ? "
        + "WHERE owner = ? AND bucket = ? IF used = ?");
  }

  private static BoundStatement quorum(BoundStatement s) {
    return s.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
  }

  private record Bucket(long bucket, long used) {}

  private CompletionStage<List<Bucket>> window(String owner, Instant now) {
    long first = UploadQuota.bucketOf(now.minus(window)) + 1; // whole hours inside the window
    return AsyncRows.collect(session.executeAsync(quorum(buckets.bind(owner, first))), MAX_BUCKETS,
        r -> new Bucket(r.getLong("bucket"), r.getLong("used")));
  }

  @Override
  public CompletionStage<Long> used(String owner, Instant now) {
    return window(owner, now).thenApply(list -> list.stream().mapToLong(Bucket::used).sum());
  }

  /** The window read once: the current hour's cell (null when absent), the rest, the oldest used hour. */
  private record Usage(long current, Long mine, long others, Instant freesAt) {
    long total() {
      return others + (mine == null ? 0 : mine);
    }
  }

  private CompletionStage<Usage> usage(String owner, Instant now) {
    long current = UploadQuota.bucketOf(now);
    return window(owner, now).thenApply(list -> {
      long others = 0;
      Long mine = null;
      long oldest = Long.MAX_VALUE;
      for (Bucket b : list) {
        if (b.bucket() == current) {
          mine = b.used();
        } else {
          others += b.used();
        }
        if (b.used() > 0) {
          oldest = Math.min(oldest, b.bucket());
        }
      }
      // Hour b leaves the window once now - window reaches its end.
      Instant freesAt = oldest == Long.MAX_VALUE ? now : Instant.ofEpochSecond((oldest + 1) * 3600).plus(window);
      return new Usage(current, mine, others, freesAt);
    });
  }

  @Override
  public CompletionStage<Reservation> check(String owner, long bytes, long limit, Instant now) {
    return usage(owner, now).thenApply(u -> u.total() + bytes <= limit
        ? new Reservation(true, u.current(), u.total() + bytes, null)
        : new Reservation(false, u.current(), u.total(), u.freesAt()));
  }

  @Override
  public CompletionStage<Reservation> reserve(String owner, long bytes, long limit, Instant now) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative reservation");
    }
    return usage(owner, now).thenCompose(u ->
        attempt(owner, u.current(), u.others(), u.mine(), bytes, limit, u.freesAt(), 1));
  }

  /** One compare-and-set on the current hour's cell, knowing (or believing) it holds {@code mine}. */
  private CompletionStage<Reservation> attempt(String owner, long bucket, long others, Long mine, long bytes,
      long limit, Instant freesAt, int round) {
    long before = mine == null ? 0 : mine;
    if (others + before + bytes > limit) {
      return CompletableFuture.completedFuture(new Reservation(false, bucket, others + before, freesAt));
    }
    if (round > MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(new PersistenceException(
          "upload quota of " + owner + " contended beyond " + MAX_ATTEMPTS + " attempts"));
    }
    long after = before + bytes;
    BoundStatement cas = mine == null
        ? insert.bind(owner, bucket, after, ttlSeconds)
        : update.bind(ttlSeconds, after, owner, bucket, mine);
    return session.executeAsync(quorum(cas)).thenCompose(rs -> {
      if (rs.wasApplied()) {
        return CompletableFuture.completedFuture(new Reservation(true, bucket, others + after, null));
      }
      return attempt(owner, bucket, others, seen(rs), bytes, limit, freesAt, round + 1);
    });
  }

  /** The value a failed compare-and-set found (null: the cell is gone, e.g. expired). */
  private static Long seen(AsyncResultSet rs) {
    Row r = rs.one();
    return r == null || r.isNull("used") ? null : r.getLong("used");
  }

  @Override
  public CompletionStage<Void> release(String owner, long bucket, long bytes) {
    return session.executeAsync(quorum(buckets.bind(owner, bucket)))
        .thenCompose(rs -> {
          Row r = rs.one();
          if (r == null || r.getLong("bucket") != bucket) {
            return CompletableFuture.completedFuture(null);
          }
          return giveBack(owner, bucket, r.getLong("used"), bytes, 1);
        });
  }

  private CompletionStage<Void> giveBack(String owner, long bucket, long used, long bytes, int round) {
    if (round > MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(new PersistenceException(
          "upload quota of " + owner + " contended beyond " + MAX_ATTEMPTS + " attempts"));
    }
    long after = Math.max(0, used - bytes);
    return session.executeAsync(quorum(update.bind(ttlSeconds, after, owner, bucket, used))).thenCompose(rs -> {
      if (rs.wasApplied()) {
        return CompletableFuture.completedFuture(null);
      }
      Long now = seen(rs);
      return now == null ? CompletableFuture.completedFuture(null) : giveBack(owner, bucket, now, bytes, round + 1);
    });
  }
}
