package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.token.ApiToken;
import io.switchboard.persistence.token.CreatedToken;
import io.switchboard.persistence.token.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
  /** A well-formed secret nobody issued. */
  private static final String UNKNOWN = "sbt_" + "A".repeat(43);

  private final AtomicInteger reads = new AtomicInteger();
  private Instant now = Instant.parse("2026-12-06T00:00:00Z");

  private final TokenStore store = new TokenStore() {
    @Override
    public CompletionStage<CreatedToken> create(String name, Set<String> scopes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Optional<ApiToken>> authenticate(String secret) {
      reads.incrementAndGet();
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<List<ApiToken>> list() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Boolean> revoke(String name) {
      throw new UnsupportedOperationException();
    }
  };

  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void authenticate_sameUnknownTokenAgain_noSecondStoreReadWithinTheNegativeTtl() {
    // Issue #23 F7: each unknown token cost a Cassandra read, every time.
    TokenAuthenticator auth = new TokenAuthenticator(store, Duration.ofSeconds(30), clock);
    Optional<String> header = Optional.of("Bearer " + UNKNOWN);

    assertThat(auth.authenticate(header).toCompletableFuture().join()).isEmpty();
    assertThat(auth.authenticate(header).toCompletableFuture().join()).isEmpty();
    assertThat(auth.authenticate(header).toCompletableFuture().join()).isEmpty();
    assertThat(reads).hasValue(1);

    now = now.plus(TokenAuthenticator.DEFAULT_NEGATIVE_TTL).plusMillis(1);
    assertThat(auth.authenticate(header).toCompletableFuture().join()).isEmpty();
    assertThat(reads).hasValue(2);
  }

  @Test
  void authenticate_manyDistinctUnknownTokens_negativeCacheStaysBounded() {
    TokenAuthenticator auth = new TokenAuthenticator(store, Duration.ofSeconds(30), Duration.ofSeconds(10), 100, clock);
    for (int i = 0; i < 1000; i++) {
      String secret = "sbt_" + String.format("%043d", i);
      auth.authenticate(Optional.of("Bearer " + secret)).toCompletableFuture().join();
    }
    assertThat(auth.unknownCached()).isLessThanOrEqualTo(100);
  }
}
