package io.switchboard.node.stream;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed SASL attempts per remote IP in a fixed window. Past the limit, further attempts from that
 * address are answered with {@code <temporary-auth-failure/>} until the window ends, which makes
 * password guessing across many connections slow. Shared by all connections of a node.
 */
public final class AuthThrottle {
  private final int maxFailures;
  private final long windowMillis;
  private final Clock clock;
  private final ConcurrentHashMap<InetAddress, Window> windows = new ConcurrentHashMap<>();

  public AuthThrottle(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /** True when this address has used up its failures for the current window. */
  boolean blocked(InetAddress ip) {
    Window w = windows.get(ip);
    return w != null && clock.millis() - w.start < windowMillis && w.failures >= maxFailures;
  }

  void recordFailure(InetAddress ip) {
    long now = clock.millis();
    windows.compute(ip, (k, w) -> w == null || now - w.start >= windowMillis
        ? new Window(now, 1)
        : new Window(w.start, w.failures + 1));
    if (windows.size() > 10_000) {
      windows.values().removeIf(w -> now - w.start >= windowMillis);
    }
  }

  private record Window(long start, int failures) {}
}
