package io.switchboard.node.net;

import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentication attempts per peer address ({@link PeerAddresses}: IPv4 address, IPv6 /64)
 * in a fixed window. Once an address has used up its failures, {@link #blocked} is true for it
 * until the window ends, so guessing a secret over many connections is slow. The map is bounded:
 * past {@code maxTracked} addresses, expired windows are dropped, and if that is not enough the
 * oldest half goes (an attacker rotating addresses then loses its counts, never a legitimate
 * client its access). Thread-safe; time comes from the injected clock.
 */
public final class FailureThrottle {
  private final int maxFailures;
  private final long windowMillis;
  private final int maxTracked;
  private final Clock clock;
  private final ConcurrentHashMap<PeerAddresses.Key, Window> windows = new ConcurrentHashMap<>();

  private record Window(long start, int failures) {}

  public FailureThrottle(int maxFailures, Duration window, int maxTracked, Clock clock) {
    if (maxFailures < 1 || window.isNegative() || window.isZero() || maxTracked < 1) {
      throw new IllegalArgumentException("maxFailures, window and maxTracked must be positive");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.maxTracked = maxTracked;
    this.clock = clock;
  }

  public boolean blocked(SocketAddress peer) {
    return blocked(PeerAddresses.key(peer));
  }

  public boolean blocked(PeerAddresses.Key peer) {
    Window w = windows.get(peer);
    return w != null && clock.millis() - w.start < windowMillis && w.failures >= maxFailures;
  }

  /** Seconds until {@code peer} may try again (0 when not blocked), for a Retry-After. */
  public long retryAfterSeconds(SocketAddress peer) {
    return retryAfterSeconds(PeerAddresses.key(peer));
  }

  /** Seconds until {@code peer} may try again (0 when not blocked), for a Retry-After. */
  public long retryAfterSeconds(PeerAddresses.Key peer) {
    Window w = windows.get(peer);
    if (w == null || w.failures < maxFailures) {
      return 0;
    }
    long left = windowMillis - (clock.millis() - w.start);
    return left <= 0 ? 0 : Math.max(1, (left + 999) / 1000);
  }

  public void recordFailure(SocketAddress peer) {
    recordFailure(PeerAddresses.key(peer));
  }

  public void recordFailure(PeerAddresses.Key peer) {
    long now = clock.millis();
    windows.compute(peer, (k, w) -> w == null || now - w.start >= windowMillis
        ? new Window(now, 1)
        : new Window(w.start, w.failures + 1));
    if (windows.size() > maxTracked) {
      windows.values().removeIf(w -> now - w.start >= windowMillis);
      if (windows.size() > maxTracked) {
        long cutoff = windows.values().stream().mapToLong(Window::start).sorted()
            .skip(windows.size() / 2).findFirst().orElse(now);
        windows.values().removeIf(w -> w.start < cutoff);
      }
    }
  }

  int tracked() {
    return windows.size();
  }
}
