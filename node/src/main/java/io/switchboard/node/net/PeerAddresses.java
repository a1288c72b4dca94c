package io.switchboard.node.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * The key per-address limits count a peer under: an IPv4 address as it is, an IPv6 address by its
 * /64 prefix (one subscriber or host usually holds a whole /64, so counting per /128 would let it
 * open as many connections as it has addresses).
 */
public final class PeerAddresses {
  private PeerAddresses() {}

  /** A key with value equality: the address, or the /64 of an IPv6 address. */
  public record Key(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      try {
        byte[] full = bytes.length == 8 ? Arrays.copyOf(bytes, 16) : bytes;
        String text = InetAddress.getByAddress(full).getHostAddress();
        return bytes.length == 8 ? text + "/64" : text;
      } catch (java.net.UnknownHostException e) {
        return Arrays.toString(bytes);
      }
    }
  }

  public static Key key(InetAddress address) {
    byte[] raw = address.getAddress();
    if (address instanceof Inet6Address && !isMappedV4(raw)) {
      return new Key(Arrays.copyOf(raw, 8));
    }
    return new Key(raw.length == 16 ? Arrays.copyOfRange(raw, 12, 16) : raw);
  }

  /** The key of a channel's remote address; a non-IP address (tests' local channels) keys as itself. */
  public static Key key(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return key(inet.getAddress());
    }
    return new Key(String.valueOf(remote).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static boolean isMappedV4(byte[] raw) {
    if (raw.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (raw[i] != 0) {
        return false;
      }
    }
    return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
  }
}
