package io.switchboard.node.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.config.NodeSettings.Registration;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.node.testing.ManualClock;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.jid.Jids;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;

/** Who may create an account in-band (issue #23 F2): the decision alone. */
class RegistrationPolicyTest {
  private static final EntityBareJid JULIET = Jids.bare("juliet@example.com");
  private final ManualClock clock = new ManualClock();

  @Test
  void mayCreate_closed_notAllowedEvenWithAnInvitation() {
    RegistrationPolicy p = policy(Registration.CLOSED, 5);
    assertThat(p.mayCreate(key("192.0.2.1"), JULIET, Optional.empty())).map(StanzaError::condition)
        .contains(StanzaErrorCondition.NOT_ALLOWED);
    assertThat(p.mayCreate(key("192.0.2.1"), JULIET, invitation(JULIET))).map(StanzaError::condition)
        .contains(StanzaErrorCondition.NOT_ALLOWED);
  }

  @Test
  void mayCreate_inviteOnly_onlyTheInvitedAccount() {
    RegistrationPolicy p = policy(Registration.INVITE, 5);
    assertThat(p.mayCreate(key("192.0.2.1"), JULIET, Optional.empty())).map(StanzaError::condition)
        .contains(StanzaErrorCondition.NOT_ALLOWED);
    assertThat(p.mayCreate(key("192.0.2.1"), JULIET, invitation(JULIET))).isEmpty();
    assertThat(p.mayCreate(key("192.0.2.1"), Jids.bare("romeo@example.com"), invitation(JULIET)))
        .map(StanzaError::condition).contains(StanzaErrorCondition.NOT_ALLOWED);
  }

  @Test
  void mayCreate_open_limitedPerAddressAndPerSlash64UntilTheWindowPasses() {
    RegistrationPolicy p = policy(Registration.OPEN, 3);
    PeerAddresses.Key a = key("2001:db8:5:6::1");
    for (int i = 0; i < 3; i++) {
      assertThat(p.mayCreate(i == 1 ? key("2001:db8:5:6::ffff") : a, account(i), Optional.empty())).isEmpty();
    }
    Optional<StanzaError> refused = p.mayCreate(key("2001:db8:5:6:1:2:3:4"), account(3), Optional.empty());
    assertThat(refused).map(StanzaError::condition).contains(StanzaErrorCondition.POLICY_VIOLATION);
    assertThat(refused).map(StanzaError::type).contains(StanzaErrorType.WAIT);
    assertThat(p.mayCreate(key("192.0.2.1"), account(4), Optional.empty())).as("another address").isEmpty();
    assertThat(p.mayCreate(a, JULIET, invitation(JULIET))).as("an invitation is not limited").isEmpty();
    clock.advance(Duration.ofHours(1));
    assertThat(p.mayCreate(a, account(5), Optional.empty())).isEmpty();
  }

  private RegistrationPolicy policy(Registration mode, int max) {
    return new RegistrationPolicy(new RegistrationSettings(mode, max, Duration.ofHours(1)), clock);
  }

  private static Optional<Invitations.Invitation> invitation(EntityBareJid account) {
    return Optional.of(new Invitations.Invitation(account, Instant.parse("2027-01-01T00:00:00Z")));
  }

  private static EntityBareJid account(int i) {
    return Jids.bare("user" + i + "@example.com");
  }

  private static PeerAddresses.Key key(String ip) {
    try {
      return PeerAddresses.key(InetAddress.getByName(ip));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
