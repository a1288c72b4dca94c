package io.switchboard.node.component;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The block proposed for node/src/main/resources/reference.conf (the lead adds it; until then the
 * tests put it under their config). Kept here verbatim so the tests read exactly what ships.
 */
public final class ProposedConfig {
  private ProposedConfig() {}

  public static final String REFERENCE = """
      switchboard {
        # External components (XEP-0114) on ports.component. The listener starts only when at
        # least one component is configured.
        components {
          # Each component: the domain it serves (normally a subdomain such as "bot.example.com")
          # and its shared secret. A second connection for a connected domain is refused with
          # <conflict/> (no load balancing).
          #   services = [ { domain = "bot.example.com", secret = "s3cret" } ]
          services = []
          # The same from the environment: "domain=secret,domain=secret" (added to services).
          services-env = ""
          services-env = ${?SWITCHBOARD_COMPONENTS}
          # Largest first-level element a component may send (<policy-violation/> above it).
          max-stanza-bytes = 262144
          max-stanza-bytes = ${?SWITCHBOARD_COMPONENT_MAX_STANZA_BYTES}
          # Deepest element nesting accepted (<policy-violation/>).
          max-depth = 32
          # The handshake must complete within this (<connection-timeout/>).
          handshake-timeout = 30s
          # How long the handshake waits for the component's cluster entity.
          register-timeout = 10s
          # Connections re-register with their entity this often (recovery after a node crash).
          reregister-interval = 15s
          # Bytes queued for a component that does not read its socket before it is disconnected
          # (<resource-constraint/>).
          max-pending-outbound-bytes = 16 MiB
        }

        # The HTTP push API under /api/v1 on ports.http, with bearer tokens
        # (./switchboard token create NAME [--scope ...]).
        api {
          enabled = true
          enabled = ${?SWITCHBOARD_API_ENABLED}
          # Largest request body accepted; larger is answered 413.
          max-body-bytes = 65536
          max-body-bytes = ${?SWITCHBOARD_API_MAX_BODY_BYTES}
          # Requests per second each token may make on average, and the burst above that rate;
          # beyond it requests are answered 429 with Retry-After.
          rate-per-second = 20
          rate-per-second = ${?SWITCHBOARD_API_RATE_PER_SECOND}
          burst = 40
          burst = ${?SWITCHBOARD_API_BURST}
          # The JID messages sent through the API come from; empty = the server's domain.
          sender = ""
          sender = ${?SWITCHBOARD_API_SENDER}
          # How long a publish may wait for the pub-sub service (503 after it).
          publish-timeout = 10s
          # Authenticated tokens are cached this long; a revoked token stops working within it.
          token-cache-ttl = 30s
        }
      }
      """;

  /** {@code overrides} over the proposed block. */
  public static Config with(Config overrides) {
    return overrides.withFallback(ConfigFactory.parseString(REFERENCE)).resolve();
  }
}
