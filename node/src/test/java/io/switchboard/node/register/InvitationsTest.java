package io.switchboard.node.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.ManualClock;
import io.switchboard.protocol.jid.Jids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** XEP-0401/0445 invitation tokens: signed, bound to one account, expiring. */
class InvitationsTest {
  private static final byte[] SECRET = "a cluster-wide decoy secret".getBytes(StandardCharsets.UTF_8);
  private final ManualClock clock = new ManualClock();
  private final Invitations invitations = new Invitations(SECRET, Jids.domain("example.com"), clock);

  @Test
  void check_ownToken_namesTheAccountUntilItExpires() {
    String token = invitations.issue(Jids.bare("Juliet@example.com"), Duration.ofDays(2));
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(invitations.check(token)).hasValueSatisfying(i -> {
      assertThat((Object) i.account()).isEqualTo(Jids.bare("juliet@example.com"));
      assertThat(i.expires()).isEqualTo(clock.instant().plus(Duration.ofDays(2)));
    });
    clock.advance(Duration.ofDays(2));
    assertThat(invitations.check(token)).isEmpty();
  }

  @Test
  void check_tamperedOrForeign_rejected() {
    String token = invitations.issue(Jids.bare("juliet@example.com"), Duration.ofDays(2));
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[10] ^= 1; // the account name
    assertThat(invitations.check(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))).isEmpty();
    Invitations otherCluster = new Invitations("another secret entirely".getBytes(StandardCharsets.UTF_8),
        Jids.domain("example.com"), clock);
    assertThat(otherCluster.check(token)).isEmpty();
    assertThat(invitations.check("not base64 !")).isEmpty();
    assertThat(invitations.check("")).isEmpty();
  }

  @Test
  void uri_isTheXep0401RegistrationUri() {
    assertThat(Invitations.uri(Jids.bare("juliet@example.com"), "TOKEN"))
        .isEqualTo("xmpp:juliet@example.com?register;preauth=TOKEN");
  }

  @Test
  void issue_otherDomain_rejected() {
    assertThatThrownBy(() -> invitations.issue(Jids.bare("juliet@example.org"), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
