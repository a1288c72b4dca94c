package io.switchboard.node.feeds;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which hosts the feed client may reach. Unless private addresses are allowed, a host any of
 * whose addresses is loopback, site-local (10/8, 172.16/12, 192.168/16), link-local, unique-local
 * IPv6 (fc00::/7), the wildcard, multicast or carrier-grade NAT (100.64/10) is refused, so a node
 * owner's {@code pubsub#feed_url} cannot make the server fetch from inside its network. The check
 * resolves the name once before connecting; a DNS answer that changes between the check and the
 * connection (rebinding) is not caught.
 */
final class AddressPolicy {
  private final boolean allowPrivate;

  AddressPolicy(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** Null when {@code uri} may be fetched, else why not (one line). Blocking: resolves DNS. */
  String refusal(URI uri) {
    String scheme = uri.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      return "only http and https URLs are fetched (not " + scheme + ")";
    }
    if (uri.getHost() == null) {
      return "the URL has no host";
    }
    if (allowPrivate) {
      return null;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      return "unknown host " + uri.getHost();
    }
    for (InetAddress a : addresses) {
      if (internal(a)) {
        return uri.getHost() + " resolves to the internal address " + a.getHostAddress()
            + " (switchboard.feeds.http.allow-private-addresses is off)";
      }
    }
    return null;
  }

  static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
        || a.isAnyLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc;
    }
    return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 || (b[0] & 0xff) == 0;
  }
}
