package io.switchboard.persistence.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CassandraExtension.class)
class TokenStoreIT {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.123Z");
  private static Persistence persistence;
  private static TokenStore store;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig("token_it"));
    store = TokenStore.cassandra(persistence.session(), persistence.settings(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void create_thenAuthenticate_returnsNameScopesAndCreated() {
    CreatedToken created = await(store.create("feeds", Set.of("pubsub:publish")));

    assertThat(TokenSecrets.wellFormed(created.secret())).isTrue();
    Optional<ApiToken> found = await(store.authenticate(created.secret()));
    assertThat(found).contains(new ApiToken("feeds", Set.of("pubsub:publish"), NOW));
    assertThat(found.get().allows("pubsub:publish")).isTrue();
    assertThat(found.get().allows("messages:send")).isFalse();
  }

  @Test
  void create_storesOnlyTheHash() {
    CreatedToken created = await(store.create("hashed", Set.of("messages:send")));

    var row = persistence.session().execute(
        "SELECT hash FROM token_it.api_tokens WHERE name = 'hashed'").one();
    byte[] stored = new byte[row.getByteBuffer("hash").remaining()];
    row.getByteBuffer("hash").get(stored);
    assertThat(stored).isEqualTo(TokenSecrets.hash(created.secret()));
    String dump = persistence.session().execute("SELECT * FROM token_it.api_tokens_by_hash").all().toString()
        + persistence.session().execute("SELECT * FROM token_it.api_tokens").all();
    assertThat(dump).doesNotContain(created.secret().substring(4));
    assertThat(HexFormat.of().formatHex(stored)).hasSize(64);
  }

  @Test
  void create_sameNameTwice_failsWithTokenExists() {
    await(store.create("twice", Set.of()));

    assertThatThrownBy(() -> await(store.create("twice", Set.of("messages:send"))))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(TokenExistsException.class);
  }

  @Test
  void create_badName_isRefused() {
    assertThatThrownBy(() -> await(store.create("has space", Set.of())))
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authenticate_unknownOrMalformedSecret_isEmpty() {
    assertThat(await(store.authenticate(TokenSecrets.generate()))).isEmpty();
    assertThat(await(store.authenticate("not-a-token"))).isEmpty();
    assertThat(await(store.authenticate(""))).isEmpty();
    assertThat(await(store.authenticate(new String(new byte[60], StandardCharsets.UTF_8)))).isEmpty();
  }

  @Test
  void revoke_existing_tokenNoLongerAuthenticatesNorIsListed() {
    CreatedToken created = await(store.create("revoked", Set.of("messages:send")));

    assertThat(await(store.revoke("revoked"))).isTrue();

    assertThat(await(store.authenticate(created.secret()))).isEmpty();
    assertThat(await(store.list())).extracting(ApiToken::name).doesNotContain("revoked");
    assertThat(await(store.revoke("revoked"))).isFalse();
  }

  @Test
  void list_returnsTokensByName() {
    await(store.create("zz-list", Set.of("a")));
    await(store.create("aa-list", Set.of("b")));

    List<String> names = await(store.list()).stream().map(ApiToken::name).toList();

    assertThat(names).contains("aa-list", "zz-list");
    assertThat(names).isSorted();
  }
}
