package io.switchboard.node.web;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/** Open connections (or sessions) per client address, shared by one node's browser transports. */
public final class AddressLimit {
  private final int max;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  public AddressLimit(int max) {
    this.max = max;
  }

  /** Counts one more for {@code address}; false (and nothing counted) when it has {@code max} already. */
  public boolean acquire(InetAddress address) {
    boolean[] ok = new boolean[1];
    open.compute(address, (k, n) -> {
      int now = n == null ? 0 : n;
      ok[0] = now < max;
      return ok[0] ? now + 1 : n;
    });
    return ok[0];
  }

  public void release(InetAddress address) {
    open.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
  }
}
