package io.switchboard.bench.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Local addresses to bind client sockets to, from "127.0.0.2-127.0.0.9" or a comma list. Each
 * source address has its own ephemeral port range towards one server port (about 28,000 ports
 * here), so spreading connections over several lets several generator processes hold more
 * sessions together. Only loopback addresses are accepted.
 */
public final class SourceAddresses {
  private SourceAddresses() {}

  public static List<InetAddress> parse(String spec) {
    List<InetAddress> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int dash = p.indexOf('-');
      if (dash < 0) {
        out.add(loopback(p));
        continue;
      }
      byte[] from = loopback(p.substring(0, dash)).getAddress();
      byte[] to = loopback(p.substring(dash + 1)).getAddress();
      if (from.length != 4 || to.length != 4) {
        throw new IllegalArgumentException("ranges are IPv4 only: " + p);
      }
      long a = toLong(from);
      long b = toLong(to);
      if (b < a || b - a > 4096) {
        throw new IllegalArgumentException("bad source address range " + p);
      }
      for (long v = a; v <= b; v++) {
        out.add(fromLong(v));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no source addresses in '" + spec + "'");
    }
    return List.copyOf(out);
  }

  /** Parses a literal address and refuses anything but loopback. */
  static InetAddress loopback(String literal) {
    InetAddress a = Loopback.require(literal, "source address");
    return a;
  }

  private static long toLong(byte[] b) {
    return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
  }

  private static InetAddress fromLong(long v) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
