package io.switchboard.node.bosh;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A BOSH session id ({@code sid}): 128 random bits (the session's secret, as XEP-0124 §7.2
 * requires) and the cluster address of the node that holds the session, so any node can forward
 * a request there without a shared table: {@code <token>.<base64url(host:port)>}.
 */
record SessionId(String token, String host, int port) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");

  static SessionId create(String host, int port) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return new SessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(b), host, port);
  }

  /** The sid as sent to the client. */
  String wire() {
    return token + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString((host + ":" + port).getBytes(StandardCharsets.UTF_8));
  }

  /** The session's actor name on its node. */
  String actorName() {
    return "bosh-" + token;
  }

  /** Reads a sid; empty when it is not one this server could have issued. */
  static Optional<SessionId> parse(String sid) {
    int dot = sid.indexOf('.');
    if (dot != 22 || sid.length() > 200 || !TOKEN.matcher(sid.substring(0, dot)).matches()) {
      return Optional.empty();
    }
    try {
      String hostPort = new String(Base64.getUrlDecoder().decode(sid.substring(dot + 1)), StandardCharsets.UTF_8);
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      String host = hostPort.substring(0, colon);
      if (port < 1 || port > 65535 || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
        return Optional.empty();
      }
      return Optional.of(new SessionId(sid.substring(0, dot), host, port));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
