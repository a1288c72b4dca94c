package io.switchboard.node.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Who sent an HTTP request, as far as the node may believe it: the client's address (for the
 * per-address limits) and whether its traffic was encrypted (for TLS before authentication).
 * Behind a TLS-terminating proxy both come from the proxy's headers, but only when
 * {@code switchboard.web.front} says the proxy is trusted.
 */
public record Peer(InetAddress address, int port, boolean secure) {

  /** The peer of {@code req}, which reached a port with ({@code listenerTls}) or without TLS. */
  public static Peer of(HttpRequest req, boolean listenerTls, WebSettings.Front front) {
    InetSocketAddress socket = req.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(r -> r.getAddress().map(a -> new InetSocketAddress(a, r.getPort())))
        .orElseGet(() -> new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    InetAddress address = socket.getAddress();
    boolean secure = listenerTls || front == WebSettings.Front.ALWAYS;
    if (front == WebSettings.Front.FORWARDED) {
      secure = secure || forwardedHttps(req);
      Optional<InetAddress> forwarded = lastForwardedFor(req);
      if (forwarded.isPresent()) {
        address = forwarded.get();
      }
    }
    return new Peer(address, socket.getPort(), secure);
  }

  private static boolean forwardedHttps(HttpRequest req) {
    Optional<String> proto = header(req, "X-Forwarded-Proto");
    if (proto.isPresent()) {
      String[] hops = proto.get().split(",");
      return hops[hops.length - 1].trim().equalsIgnoreCase("https");
    }
    return header(req, "Forwarded").map(f -> {
      String[] hops = f.split(",");
      return hops[hops.length - 1].toLowerCase(Locale.ROOT).replace(" ", "").contains("proto=https");
    }).orElse(false);
  }

  /** The entry the nearest proxy appended (earlier ones are the client's to invent). */
  private static Optional<InetAddress> lastForwardedFor(HttpRequest req) {
    return header(req, "X-Forwarded-For").flatMap(v -> {
      String[] hops = v.split(",");
      String last = hops[hops.length - 1].trim();
      if (last.startsWith("[") && last.endsWith("]")) {
        last = last.substring(1, last.length() - 1);
      }
      if (!last.matches("[0-9a-fA-F:.]+")) {
        return Optional.empty(); // never a name to resolve
      }
      try {
        return Optional.of(InetAddress.getByName(last));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    });
  }

  static Optional<String> header(HttpRequest req, String name) {
    return req.getHeader(name).map(HttpHeader::value);
  }

  /** For logs. */
  public String describe() {
    return address.getHostAddress() + ":" + port;
  }
}
