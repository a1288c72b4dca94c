package io.switchboard.persistence.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import io.switchboard.protocol.sasl.ScramCredentials;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;

@ExtendWith(CassandraExtension.class)
class AccountStoreIT {
  private static Persistence persistence;
  private static AccountStore accounts;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig("account_it"));
    accounts = persistence.accounts();
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get();
  }

  @Test
  void create_newUser_storesScramCredentialsForEveryAlgorithm() throws Exception {
    EntityBareJid user = Jids.bare("alice@example.org");
    await(accounts.create(user, "correct horse"));

    Map<ScramAlgorithm, ScramCredential> stored = await(accounts.credentials(user)).orElseThrow();
    assertThat(stored).containsOnlyKeys(ScramAlgorithm.values());
    stored.values().forEach(c -> assertThat(ScramCredentials.verify(c, "correct horse")).isTrue());
    assertThat(ScramCredentials.verify(stored.get(ScramAlgorithm.SHA_256), "wrong")).isFalse();
    assertThat(await(accounts.exists(user))).isTrue();
  }

  @Test
  void create_credentialsRoundTripExactly() throws Exception {
    EntityBareJid user = Jids.bare("exact@example.org");
    Map<ScramAlgorithm, ScramCredential> creds = ScramCredentials.deriveAll("pw", 4096);
    await(accounts.create(user, creds));
    assertThat(await(accounts.credentials(user))).contains(creds);
  }

  @Test
  void create_existingUser_failsWithAccountExists() throws Exception {
    EntityBareJid user = Jids.bare("bob@example.org");
    await(accounts.create(user, "one"));
    assertThatThrownBy(() -> await(accounts.create(user, "two")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AccountExistsException.class);
    // The first password still works: the second create changed nothing.
    assertThat(ScramCredentials.verify(await(accounts.credentials(user)).orElseThrow().get(ScramAlgorithm.SHA_1), "one"))
        .isTrue();
  }

  @Test
  void create_jidNormalised_sameAccountWhateverTheCase() throws Exception {
    await(accounts.create(Jids.bare("Carol@Example.ORG"), "pw"));
    assertThat(await(accounts.exists(Jids.bare("carol@example.org")))).isTrue();
  }

  @Test
  void changePassword_existingUser_replacesCredentials() throws Exception {
    EntityBareJid user = Jids.bare("dave@example.org");
    await(accounts.create(user, "old"));
    await(accounts.changePassword(user, "new"));
    ScramCredential c = await(accounts.credentials(user)).orElseThrow().get(ScramAlgorithm.SHA_512);
    assertThat(ScramCredentials.verify(c, "new")).isTrue();
    assertThat(ScramCredentials.verify(c, "old")).isFalse();
  }

  @Test
  void changePassword_unknownUser_failsWithNotFoundAndCreatesNothing() throws Exception {
    EntityBareJid user = Jids.bare("ghost@example.org");
    assertThatThrownBy(() -> await(accounts.changePassword(user, "x")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AccountNotFoundException.class);
    assertThat(await(accounts.exists(user))).isFalse();
  }

  @Test
  void setDisabled_existingUser_loginRecordSaysSoUntilEnabledAgain() throws Exception {
    EntityBareJid user = Jids.bare("fiona@example.org");
    await(accounts.create(user, "pw"));
    assertThat(await(accounts.login(user)).orElseThrow().disabled()).as("new accounts are enabled").isFalse();
    await(accounts.setDisabled(user, true));
    AccountStore.LoginRecord disabled = await(accounts.login(user)).orElseThrow();
    assertThat(disabled.disabled()).isTrue();
    assertThat(ScramCredentials.verify(disabled.credentials().get(ScramAlgorithm.SHA_256), "pw"))
        .as("the credentials stay").isTrue();
    await(accounts.setDisabled(user, false));
    assertThat(await(accounts.login(user)).orElseThrow().disabled()).isFalse();
  }

  @Test
  void setDisabled_unknownUser_failsWithNotFoundAndCreatesNothing() throws Exception {
    EntityBareJid user = Jids.bare("phantom@example.org");
    assertThatThrownBy(() -> await(accounts.setDisabled(user, true)))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AccountNotFoundException.class);
    assertThat(await(accounts.exists(user))).isFalse();
  }

  @Test
  void delete_existingUser_removesIt() throws Exception {
    EntityBareJid user = Jids.bare("erin@example.org");
    await(accounts.create(user, "pw"));
    await(accounts.delete(user));
    assertThat(await(accounts.credentials(user))).isEmpty();
    assertThat(await(accounts.exists(user))).isFalse();
  }

  @Test
  void delete_unknownUser_failsWithNotFound() {
    assertThatThrownBy(() -> await(accounts.delete(Jids.bare("nobody@example.org"))))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AccountNotFoundException.class);
  }

  @Test
  void table_neverHoldsThePassword() throws Exception {
    EntityBareJid user = Jids.bare("frank@example.org");
    await(accounts.create(user, "plaintext-marker"));
    var row = persistence.session().execute("SELECT * FROM account_it.accounts WHERE jid = 'frank@example.org'").one();
    assertThat(row).isNotNull();
    assertThat(row.getFormattedContents()).doesNotContain("plaintext-marker");
    assertThat(row.getColumnDefinitions().contains("password")).isFalse();
  }

  @Test
  void createdAt_identifiesTheIncarnation_keptByPasswordChange_newAfterRecreate() throws Exception {
    EntityBareJid user = Jids.bare("phoenix@example.org");
    assertThat(await(accounts.createdAt(user))).isEmpty();
    await(accounts.create(user, "first"));
    Instant first = await(accounts.createdAt(user)).orElseThrow();
    assertThat(first).isAfter(Instant.EPOCH);

    await(accounts.changePassword(user, "second"));
    assertThat(await(accounts.createdAt(user))).contains(first);

    await(accounts.delete(user));
    assertThat(await(accounts.createdAt(user))).isEmpty();
    Thread.sleep(5); // timestamps have millisecond precision: make the next one differ
    await(accounts.create(user, "third"));
    assertThat(await(accounts.createdAt(user))).hasValueSatisfying(again -> assertThat(again).isAfter(first));
  }

  @Test
  void login_readsCredentialsAndIncarnationTogether() throws Exception {
    EntityBareJid user = Jids.bare("lark@example.org");
    assertThat(await(accounts.login(user))).isEmpty();
    await(accounts.create(user, "song"));

    AccountStore.LoginRecord login = await(accounts.login(user)).orElseThrow();

    assertThat(login.credentials()).isEqualTo(await(accounts.credentials(user)).orElseThrow());
    assertThat(login.createdAt()).isEqualTo(await(accounts.createdAt(user)).orElseThrow());
  }

  @Test
  void createdAt_rowWithoutCreationTime_isEpoch() throws Exception {
    persistence.session().execute(
        "INSERT INTO account_it.accounts (jid, updated_at) VALUES ('legacy@example.org', toTimestamp(now()))");
    assertThat(await(accounts.createdAt(Jids.bare("legacy@example.org")))).contains(Instant.EPOCH);
  }

  @Test
  void count_countsAccounts() throws Exception {
    long before = await(accounts.count());
    await(accounts.create(Jids.bare("counted@example.org"), "pw"));
    assertThat(await(accounts.count())).isEqualTo(before + 1);
  }
}
