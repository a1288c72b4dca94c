package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.token.TokenStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ./switchboard token ...} (what {@code Cli} runs) against the real Cassandra. */
@ExtendWith(CassandraExtension.class)
class TokenAdminIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
  private static Config config;
  private static Persistence persistence;

  @BeforeAll
  static void start() {
    config = CassandraExtension.testConfig("token_admin_it");
    persistence = Persistence.start(config); // migrates, as a node would have
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new TokenAdmin(config, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK).run(List.of(args));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void create_withScope_printsSecretOnceThatAuthenticates() {
    Run r = run("create", "tivo", "--scope", "pubsub:publish");

    assertThat(r.exit()).as(r.err()).isZero();
    String secret = r.out().lines().filter(l -> l.startsWith("sbt_")).findFirst().orElseThrow();
    var token = TokenStore.cassandra(persistence.session(), persistence.settings(), CLOCK)
        .authenticate(secret).toCompletableFuture().join();
    assertThat(token).isPresent();
    assertThat(token.get().scopes()).containsExactly("pubsub:publish");

    Run list = run("list");
    assertThat(list.out()).contains("tivo").contains("pubsub:publish").contains("2026-11-27T12:00:00Z")
        .doesNotContain(secret);
  }

  @Test
  void create_withoutScope_refusedAndNothingStored() {
    // Issue #23 F17: no token gets every scope by default.
    Run r = run("create", "all-of-it");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--scope").contains("pubsub:publish");
    assertThat(run("list").out()).doesNotContain("all-of-it");
    Run both = run("create", "both", "--scope", "pubsub:publish,messages:send");
    assertThat(both.exit()).as(both.err()).isZero();
    assertThat(both.out()).contains("messages:send,pubsub:publish");
  }

  @Test
  void create_existingName_exit1() {
    assertThat(run("create", "dup", "--scope", "messages:send").exit()).isZero();
    Run again = run("create", "dup", "--scope", "messages:send");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void create_unknownScopeOrBadName_exit2() {
    Run scope = run("create", "x", "--scope", "admin:everything");
    assertThat(scope.exit()).isEqualTo(2);
    assertThat(scope.err()).contains("unknown scope 'admin:everything'");
    assertThat(run("create", "bad name", "--scope", "messages:send").exit()).isEqualTo(2);
    assertThat(run("create").exit()).isEqualTo(2);
    assertThat(run("frobnicate").exit()).isEqualTo(2);
  }

  @Test
  void revoke_existingThenAgain_exit0Then1() {
    assertThat(run("create", "gone", "--scope", "messages:send").exit()).isZero();
    assertThat(run("revoke", "gone").exit()).isZero();
    Run again = run("revoke", "gone");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(run("list").out()).doesNotContain("gone");
  }

  @Test
  void apiScope_parseList_acceptsKnownNames() {
    assertThat(ApiScope.parseList(" messages:send , pubsub:publish ")).isEqualTo(Set.of("messages:send", "pubsub:publish"));
  }
}
