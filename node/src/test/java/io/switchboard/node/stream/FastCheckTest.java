package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.account.AccountStore;
import io.switchboard.persistence.fast.FastTokenRow;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import io.switchboard.protocol.sasl.ScramCredentials;
import io.switchboard.protocol.sasl2.HashedToken;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FastCheckTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final AccountStore.LoginRecord ACCOUNT =
      new AccountStore.LoginRecord(ScramCredentials.deriveAll("secret", 1), Instant.parse("2026-01-01T00:00:00Z"));
  private final String token = HashedToken.generate();
  private final String older = HashedToken.generate();

  private static byte[] mac(String token) {
    return HashedToken.parse(HashedToken.initialResponse("alice", token)).orElseThrow().mac();
  }

  private FastTokenRow row(Instant expiry, long count) {
    return new FastTokenRow(new FastTokenRow.Key(HashedToken.key(token), expiry),
        Optional.of(new FastTokenRow.Key(HashedToken.key(older), NOW.plusSeconds(60))), FastCheck.stamp(ACCOUNT), count);
  }

  @Test
  void decide_currentToken_accepted() {
    FastCheck.Verdict v = FastCheck.decide(Optional.of(row(NOW.plusSeconds(60), -1)), Optional.of(ACCOUNT), mac(token),
        OptionalLong.empty(), NOW);
    assertThat(v).isInstanceOfSatisfying(FastCheck.Accepted.class, a -> {
      assertThat(a.usedPrevious()).isFalse();
      assertThat(a.key()).isEqualTo(HashedToken.key(token));
    });
  }

  @Test
  void decide_previousTokenDuringRotation_acceptedAsPrevious() {
    FastCheck.Verdict v = FastCheck.decide(Optional.of(row(NOW.plusSeconds(60), -1)), Optional.of(ACCOUNT), mac(older),
        OptionalLong.empty(), NOW);
    assertThat(v).isInstanceOfSatisfying(FastCheck.Accepted.class, a -> assertThat(a.usedPrevious()).isTrue());
  }

  @Test
  void decide_expired_credentialsExpired() {
    FastCheck.Verdict v = FastCheck.decide(Optional.of(row(NOW, -1)), Optional.of(ACCOUNT), mac(token),
        OptionalLong.empty(), NOW);
    assertThat(v).isInstanceOfSatisfying(FastCheck.Rejected.class,
        r -> assertThat(r.condition()).isEqualTo(SaslFailureCondition.CREDENTIALS_EXPIRED));
  }

  @Test
  void decide_passwordChanged_notAuthorized() {
    AccountStore.LoginRecord changed =
        new AccountStore.LoginRecord(ScramCredentials.deriveAll("other", 1), ACCOUNT.createdAt());
    FastCheck.Verdict v = FastCheck.decide(Optional.of(row(NOW.plusSeconds(60), -1)), Optional.of(changed), mac(token),
        OptionalLong.empty(), NOW);
    assertThat(v).isInstanceOfSatisfying(FastCheck.Rejected.class,
        r -> assertThat(r.condition()).isEqualTo(SaslFailureCondition.NOT_AUTHORIZED));
  }

  @Test
  void decide_accountRecreatedWithSamePassword_notAuthorized() {
    AccountStore.LoginRecord again = new AccountStore.LoginRecord(ACCOUNT.credentials(), NOW);
    assertThat(FastCheck.decide(Optional.of(row(NOW.plusSeconds(60), -1)), Optional.of(again), mac(token),
        OptionalLong.empty(), NOW)).isInstanceOf(FastCheck.Rejected.class);
  }

  @Test
  void decide_accountGoneOrNoRowOrWrongToken_notAuthorized() {
    assertThat(FastCheck.decide(Optional.of(row(NOW.plusSeconds(60), -1)), Optional.empty(), mac(token),
        OptionalLong.empty(), NOW)).isInstanceOf(FastCheck.Rejected.class);
    assertThat(FastCheck.decide(Optional.empty(), Optional.of(ACCOUNT), mac(token), OptionalLong.empty(), NOW))
        .isInstanceOf(FastCheck.Rejected.class);
    assertThat(FastCheck.decide(Optional.of(row(NOW.plusSeconds(60), -1)), Optional.of(ACCOUNT),
        mac(HashedToken.generate()), OptionalLong.empty(), NOW)).isInstanceOf(FastCheck.Rejected.class);
  }

  @Test
  void decide_countNotAboveTheLastSeen_refusedAsReplay() {
    FastTokenRow r = row(NOW.plusSeconds(60), 10);
    assertThat(FastCheck.decide(Optional.of(r), Optional.of(ACCOUNT), mac(token), OptionalLong.of(10), NOW))
        .isInstanceOf(FastCheck.Rejected.class);
    assertThat(FastCheck.decide(Optional.of(r), Optional.of(ACCOUNT), mac(token), OptionalLong.of(11), NOW))
        .isInstanceOf(FastCheck.Accepted.class);
  }
}
