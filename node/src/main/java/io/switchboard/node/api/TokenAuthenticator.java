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
 * revoked token stops working within the cache's time to live. Unknown secrets are not cached, so
 * a new token works at once; malformed ones never reach the store.
 */
final class TokenAuthenticator {
  private static final int MAX_CACHED = 10_000;

  private final TokenStore store;
  private final Duration ttl;
  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(ApiToken token, long expiresAtMillis) {}

  TokenAuthenticator(TokenStore store, Duration ttl, Clock clock) {
    this.store = store;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The token for an {@code Authorization} header value, or empty. */
  CompletionStage<Optional<ApiToken>> authenticate(Optional<String> authorization) {
    String secret = authorization
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim())
        .orElse(null);
    if (!TokenSecrets.wellFormed(secret)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String key = HexFormat.of().formatHex(TokenSecrets.hash(secret));
    long now = clock.millis();
    Cached hit = cache.get(key);
    if (hit != null && hit.expiresAtMillis() > now) {
      return CompletableFuture.completedFuture(Optional.of(hit.token()));
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
      return found;
    });
  }
}
