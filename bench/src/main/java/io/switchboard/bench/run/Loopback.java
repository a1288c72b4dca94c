package io.switchboard.bench.run;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The generator talks to loopback only: every target and source address is checked here. */
public final class Loopback {
  private Loopback() {}

  /**
   * Parses {@code host}, an IP literal or "localhost" (never looked up in DNS), and refuses
   * anything that is not a loopback address.
   *
   * @throws IllegalArgumentException naming {@code what} when the address is not loopback
   */
  public static InetAddress require(String host, String what) {
    String h = host.trim();
    if (h.equalsIgnoreCase("localhost")) {
      h = "127.0.0.1";
    }
    if (!h.matches("[0-9.]+|\\[?[0-9a-fA-F:.]+\\]?")) {
      throw new IllegalArgumentException(what + " '" + host + "' must be an IP literal or localhost");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(h);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(what + " '" + host + "' does not resolve");
    }
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(what + " '" + host + "' is not a loopback address: refused");
    }
    return address;
  }
}
