package io.switchboard.protocol.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {
  private final SaslMechanisms mechanisms = SaslMechanisms.defaults("example.com");

  @Test
  void offered_withoutTls_scramOnly() {
    assertThat(mechanisms.offered(false)).containsExactly("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1");
  }

  @Test
  void offered_withTls_includesPlain() {
    assertThat(mechanisms.offered(true)).containsExactly("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
  }

  @Test
  void offered_subsetEnabled_onlyThose() {
    SaslMechanisms some = new SaslMechanisms("example.com", ScramDecoy.random(4096), Set.of("SCRAM-SHA-1", "PLAIN"));
    assertThat(some.offered(true)).containsExactly("SCRAM-SHA-1", "PLAIN");
    assertThat(some.start("SCRAM-SHA-256", true).start(Optional.empty()))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.INVALID_MECHANISM));
  }

  @Test
  void feature_listsMechanisms() {
    assertThat(mechanisms.feature(false).toXml()).isEqualTo(
        "<mechanisms xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><mechanism>SCRAM-SHA-512</mechanism>"
            + "<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism></mechanisms>");
  }

  @Test
  void start_plainWithoutTls_encryptionRequired() {
    assertThat(mechanisms.start("PLAIN", false).start(Optional.empty()))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.ENCRYPTION_REQUIRED));
  }

  @Test
  void start_unknownMechanism_invalidMechanism() {
    assertThat(mechanisms.start("DIGEST-MD5", true).respond(new byte[0]))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.INVALID_MECHANISM));
    assertThat(mechanisms.start(null, true).start(Optional.empty()))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.INVALID_MECHANISM));
  }

  @Test
  void start_offeredMechanisms_giveTheirServers() {
    assertThat(mechanisms.start("SCRAM-SHA-256", false)).isInstanceOfSatisfying(ScramServer.class,
        s -> assertThat(s.algorithm()).isEqualTo(ScramAlgorithm.SHA_256));
    assertThat(mechanisms.start("PLAIN", true)).isInstanceOf(PlainServer.class);
  }

  @Test
  void constructor_unknownName_rejected() {
    assertThatThrownBy(() -> new SaslMechanisms("example.com", ScramDecoy.random(4096), Set.of("CRAM-MD5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CRAM-MD5");
  }
}
