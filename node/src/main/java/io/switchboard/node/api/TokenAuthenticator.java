package io.switchboard.node.api;

import io.switchboard.persistence.token.ApiToken;
import io.switchboard.persistence.token.TokenSecrets;
import io.switchboard.persistence.token.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens to {@link ApiToken}s, through the {@link TokenStore} with a short cache (keyed by
 * the secret's hash, never the secret) so a busy backend costs no Cassandra read per request. A
 * revoked token stops working within the cache's time to live. Unknown secrets are cached too, as
 * a negative entry for {@code negativeTtl} (bounded to {@code maxNegative} entries), so the same
 * wrong token sent again and again costs no read either (issue #23 F7). A new token is unaffected:
 * its secret is random, so nobody presented it before it existed. Malformed secrets never reach the
 * store.
 */
final class TokenAuthenticator {
  private static final int MAX_CACHED = 10_000;
  static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(10);
  static final int DEFAULT_MAX_NEGATIVE = 10_000;

  private final TokenStore store;
  private final Duration ttl;
  private final Duration negativeTtl;
  private final int maxNegative;
  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> unknown = new ConcurrentHashMap<>();

  private record Cached(ApiToken token, long expiresAtMillis) {}

  TokenAuthenticator(TokenStore store, Duration ttl, Clock clock) {
    this(store, ttl, DEFAULT_NEGATIVE_TTL, DEFAULT_MAX_NEGATIVE, clock);
  }

  TokenAuthenticator(TokenStore store, Duration ttl, Duration negativeTtl, int maxNegative, Clock clock) {
    this.store = store;
    this.ttl = ttl;
    this.negativeTtl = negativeTtl;
    this.maxNegative = maxNegative;
    this.clock = clock;
  }

  /**
   * The token for an {@code Authorization} header value if it is in the positive cache, without
   * asking the store (what a throttled address may still use).
   */
  Optional<ApiToken> cached(Optional<String> authorization) {
    String secret = secret(authorization);
    if (!TokenSecrets.wellFormed(secret)) {
      return Optional.empty();
    }
    Cached hit = cache.get(HexFormat.of().formatHex(TokenSecrets.hash(secret)));
    return hit != null && hit.expiresAtMillis() > clock.millis() ? Optional.of(hit.token()) : Optional.empty();
  }

  private static String secret(Optional<String> authorization) {
    return authorization
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim())
        .orElse(null);
  }

  /** The token for an {@code Authorization} header value, or empty. */
  CompletionStage<Optional<ApiToken>> authenticate(Optional<String> authorization) {
    String secret = secret(authorization);
    if (!TokenSecrets.wellFormed(secret)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String key = HexFormat.of().formatHex(TokenSecrets.hash(secret));
    long now = clock.millis();
    Cached hit = cache.get(key);
    if (hit != null && hit.expiresAtMillis() > now) {
      return CompletableFuture.completedFuture(Optional.of(hit.token()));
    }
    Long unknownUntil = unknown.get(key);
    if (unknownUntil != null) {
      if (unknownUntil > now) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      unknown.remove(key, unknownUntil);
    }
    return store.authenticate(secret).thenApply(found -> {
      if (found.isPresent() && !ttl.isZero()) {
        if (cache.size() >= MAX_CACHED) {
          cache.clear();
        }
        cache.put(key, new Cached(found.get(), now + ttl.toMillis()));
      } else {
        cache.remove(key);
      }
      if (found.isEmpty() && !negativeTtl.isZero()) {
        rememberUnknown(key, now);
      }
      return found;
    });
  }

  private void rememberUnknown(String key, long now) {
    if (unknown.size() >= maxNegative) {
      unknown.values().removeIf(until -> until <= now);
      if (unknown.size() >= maxNegative) {
        unknown.clear(); // a flood of distinct wrong tokens: the per-address throttle stops it
      }
    }
    unknown.put(key, now + negativeTtl.toMillis());
  }

  int unknownCached() {
    return unknown.size();
  }
}
