package io.switchboard.node.proxy65;

import io.switchboard.node.net.PeerAddresses;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A byte-rate budget per peer address shared by all of that peer's proxied connections, so a
 * client cannot multiply {@code max-bytes-per-second} by opening more streams. Each activated
 * relay takes a {@link Lease} on its peer's bucket and gives it back when it closes; a bucket
 * nobody holds is dropped. The bucket is shared across event loops, so takes are synchronized on
 * it (one short critical section per read).
 */
final class PeerBandwidth {
  private final long bytesPerSecond;
  private final ConcurrentHashMap<PeerAddresses.Key, Shared> buckets = new ConcurrentHashMap<>();

  PeerBandwidth(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  private static final class Shared {
    final TokenBucket bucket;
    int holders;

    Shared(TokenBucket bucket) {
      this.bucket = bucket;
    }
  }

  /** One relay's hold on its peer's bucket. */
  interface Lease {
    /** Takes {@code bytes}; returns the nanoseconds to wait before reading again. */
    long take(long bytes, long nowNanos);

    void release();
  }

  Lease acquire(PeerAddresses.Key peer, long nowNanos) {
    Shared s = buckets.compute(peer, (k, v) -> {
      Shared shared = v == null ? new Shared(new TokenBucket(bytesPerSecond, nowNanos)) : v;
      shared.holders++;
      return shared;
    });
    return new Lease() {
      private boolean released;

      @Override
      public long take(long bytes, long now) {
        synchronized (s) {
          return s.bucket.take(bytes, now);
        }
      }

      @Override
      public void release() {
        if (!released) {
          released = true;
          buckets.computeIfPresent(peer, (k, v) -> --v.holders <= 0 ? null : v);
        }
      }
    };
  }

  int peers() {
    return buckets.size();
  }
}
