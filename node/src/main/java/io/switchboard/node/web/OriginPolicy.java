package io.switchboard.node.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which web pages may open an XMPP session in their visitor's browser ({@code Origin}, RFC 6454):
 * without this check any site could use a logged-in visitor's browser against the server
 * (cross-site WebSocket hijacking). A request without Origin is not from a browser page and is
 * allowed; with the default (an empty list) only pages served from the same origin as the
 * request's Host are.
 */
public final class OriginPolicy {
  private final List<String> allowed;

  public OriginPolicy(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** Whether a request with {@code origin} sent to {@code host} (its Host header) is allowed. */
  public boolean allows(Optional<String> origin, Optional<String> host) {
    if (origin.isEmpty()) {
      return true;
    }
    String o = origin.get().trim().toLowerCase(Locale.ROOT);
    if (allowed.contains("*") || allowed.contains(o)) {
      return true;
    }
    if (!allowed.isEmpty() || host.isEmpty() || o.equals("null")) {
      return false;
    }
    try {
      URI u = URI.create(o);
      String authority = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
      String h = host.get().trim().toLowerCase(Locale.ROOT);
      return authority != null && (authority.equals(h) || (u.getPort() < 0 && h.equals(u.getHost() + ":" + defaultPort(u))));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The value for {@code Access-Control-Allow-Origin} answering {@code origin}, if it is allowed. */
  public Optional<String> corsOrigin(Optional<String> origin, Optional<String> host) {
    if (origin.isEmpty() || !allows(origin, host)) {
      return Optional.empty();
    }
    return origin;
  }

  private static int defaultPort(URI u) {
    return "https".equals(u.getScheme()) ? 443 : 80;
  }
}
