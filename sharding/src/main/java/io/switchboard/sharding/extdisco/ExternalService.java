package io.switchboard.sharding.extdisco;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * One STUN or TURN server the clients of this domain are told about (XEP-0215 §3.2).
 *
 * @param type stun, stuns, turn or turns
 * @param host its host name or address
 * @param port its port (0: the type's default, left out of the answer)
 * @param transport udp or tcp (empty: left out)
 * @param name a friendly name (empty: left out)
 * @param username a fixed user name (TURN), or empty
 * @param password the fixed user's password, or empty
 * @param secret the shared secret of time-limited credentials (coturn's {@code static-auth-secret},
 *     the "TURN REST API"), or empty
 * @param credentialTtl how long time-limited credentials are valid
 */
public record ExternalService(String type, String host, int port, String transport, String name,
    String username, String password, String secret, Duration credentialTtl) {

  static final Set<String> TYPES = Set.of("stun", "stuns", "turn", "turns");
  static final Set<String> TRANSPORTS = Set.of("", "udp", "tcp");

  public ExternalService {
    type = type.toLowerCase(Locale.ROOT);
    transport = transport.toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("type '" + type + "' is not stun, stuns, turn or turns");
    }
    if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("host '" + host + "' is not a host name or address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not within 0..65535");
    }
    if (!TRANSPORTS.contains(transport)) {
      throw new IllegalArgumentException("transport '" + transport + "' is not udp or tcp");
    }
    if (!secret.isEmpty() && !username.isEmpty()) {
      throw new IllegalArgumentException("set a secret (time-limited credentials) or a username, not both");
    }
    if (username.isEmpty() != password.isEmpty()) {
      throw new IllegalArgumentException("set both username and password, or neither");
    }
    if (credentialTtl.isNegative() || credentialTtl.isZero()) {
      throw new IllegalArgumentException("credential-ttl must be positive");
    }
  }

  /** Whether clients get credentials for it (fixed or time-limited). */
  boolean hasCredentials() {
    return !secret.isEmpty() || !username.isEmpty();
  }

  @Override
  public String toString() {
    return type + ":" + host + (port == 0 ? "" : ":" + port) + (transport.isEmpty() ? "" : "/" + transport); // no secrets
  }
}
