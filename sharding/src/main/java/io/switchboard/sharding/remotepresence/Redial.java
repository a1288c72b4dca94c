package io.switchboard.sharding.remotepresence;

import java.time.Duration;

/**
 * When {@link PeerStreams} next tries a lost domain over an outgoing stream (the pure step): a
 * peer that never opens a stream to us is seen back only when one of ours authenticates to it.
 * The first try is {@code first} after the loss was announced; each later one waits twice as long
 * as the one before, at most {@code max}. It runs while the return is awaited (an hour at most).
 *
 * @param tries tries made so far
 * @param dueAt when the next try is due (epoch millis), or -1 when none is planned
 */
record Redial(int tries, long dueAt) {
  static final Redial NONE = new Redial(0, -1);

  /** The loss was announced at {@code now}: the first try after {@code first}. */
  static Redial after(long now, Duration first) {
    return new Redial(0, now + first.toMillis());
  }

  boolean due(long now) {
    return dueAt >= 0 && now >= dueAt;
  }

  /** A try was made at {@code now}: the next waits {@link #delay} of the tries so far. */
  Redial tried(long now, Duration first, Duration max) {
    int t = tries + 1;
    return new Redial(t, now + delay(t, first, max).toMillis());
  }

  /** The wait after try number {@code tries} (1 for the first): {@code first × 2^tries}, at most {@code max}. */
  static Duration delay(int tries, Duration first, Duration max) {
    long ms = first.toMillis();
    for (int i = 0; i < tries && ms < max.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, max.toMillis()));
  }
}
