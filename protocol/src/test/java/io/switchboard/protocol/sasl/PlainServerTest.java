package io.switchboard.protocol.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlainServerTest {
  private static final ScramDecoy DECOY = new ScramDecoy(new byte[16], 4096);
  private static final ScramCredential JULIET =
      ScramCredentials.derive(ScramAlgorithm.SHA_256, "s3cr\u00e9t", "pepper-salt".getBytes(UTF_8), 4096);

  @Test
  void exchange_rightPassword_succeeds() {
    PlainServer server = PlainServer.create("example.com", DECOY);
    assertThat(server.start(Optional.of(bytes("\u0000Juliet\u0000s3cr\u00e9t"))))
        .isEqualTo(new SaslStep.CredentialsRequired("juliet"));
    SaslStep result = server.credentials(Optional.of(JULIET));
    assertThat(result).isInstanceOfSatisfying(SaslStep.Success.class, s -> {
      assertThat(s.authenticatedUsername()).isEqualTo("juliet");
      assertThat(s.additionalData()).isEmpty();
    });
  }

  @Test
  void exchange_wrongPassword_notAuthorized() {
    PlainServer server = PlainServer.create("example.com", DECOY);
    server.start(Optional.of(bytes("\u0000juliet\u0000secret")));
    assertThat(server.credentials(Optional.of(JULIET))).isEqualTo(SaslStep.Failure.of(SaslFailureCondition.NOT_AUTHORIZED));
  }

  @Test
  void exchange_unknownUser_notAuthorized() {
    PlainServer server = PlainServer.create("example.com", DECOY);
    server.start(Optional.of(bytes("\u0000nobody\u0000secret")));
    assertThat(server.credentials(Optional.empty())).isEqualTo(SaslStep.Failure.of(SaslFailureCondition.NOT_AUTHORIZED));
  }

  /**
   * Issue #23 F15: a username that cannot name an account here used to be checked against the
   * decoy inside {@code start}, which runs PBKDF2 on the connection's thread. It now waits for
   * {@code credentials} like any name (which the connection runs off its thread), and fails there
   * even when the look-up hands over a real credential.
   */
  @Test
  void start_userOfAnotherDomain_noKeyDerivationUntilCredentialsThenNotAuthorized() {
    PlainServer server = PlainServer.create("example.com", DECOY);
    assertThat(server.derivesKeys()).isTrue();
    assertThat(server.start(Optional.of(bytes("\u0000juliet@other.org\u0000pw"))))
        .isEqualTo(new SaslStep.CredentialsRequired("juliet@other.org"));
    ScramCredential matching = ScramCredentials.derive(ScramAlgorithm.SHA_256, "pw", new byte[16], 1);
    assertThat(server.credentials(Optional.of(matching))).isEqualTo(SaslStep.Failure.of(SaslFailureCondition.NOT_AUTHORIZED));
  }

  @Test
  void start_authzid_mustBeTheAccountItself() {
    assertThat(PlainServer.create("example.com", DECOY)
        .start(Optional.of(bytes("juliet@example.com\u0000juliet\u0000pw"))))
        .isInstanceOf(SaslStep.CredentialsRequired.class);
    assertThat(PlainServer.create("example.com", DECOY)
        .start(Optional.of(bytes("romeo@example.com\u0000juliet\u0000pw"))))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.INVALID_AUTHZID));
  }

  @Test
  void start_malformedMessage_malformedRequest() {
    for (String bad : new String[] {"juliet", "\u0000juliet", "\u0000juliet\u0000", "\u0000\u0000pw",
        "a\u0000b\u0000c\u0000d"}) {
      SaslStep step = PlainServer.create("example.com", DECOY).start(Optional.of(bytes(bad)));
      assertThat(step).as(bad.replace('\u0000', '|')).isInstanceOfSatisfying(SaslStep.Failure.class,
          f -> assertThat(f.condition()).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST));
    }
    SaslStep notUtf8 = PlainServer.create("example.com", DECOY)
        .start(Optional.of(new byte[] {0, 'a', 0, (byte) 0xC3, (byte) 0x28}));
    assertThat(((SaslStep.Failure) notUtf8).condition()).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
  }

  @Test
  void start_noInitialResponse_emptyChallengeThenMessageInResponse() {
    PlainServer server = PlainServer.create("example.com", DECOY);
    assertThat(((SaslStep.Challenge) server.start(Optional.empty())).data()).isEmpty();
    assertThat(server.respond(bytes("\u0000juliet\u0000pw"))).isEqualTo(new SaslStep.CredentialsRequired("juliet"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
