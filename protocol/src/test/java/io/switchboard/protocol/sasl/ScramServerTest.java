package io.switchboard.protocol.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScramServerTest {
  private static final String DOMAIN = "example.com";
  private static final ScramDecoy DECOY = new ScramDecoy(new byte[32], 4096);

  @Test
  void exchange_rfc5802Sha1TestVector_succeedsWithExpectedMessages() {
    ScramCredential stored = ScramCredentials.derive(
        ScramAlgorithm.SHA_1, "pencil", Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096);
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY, () -> "3rfcNHYJY1ZVvWVs7j");

    SaslStep first = server.start(Optional.of(bytes("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")));
    assertThat(first).isEqualTo(new SaslStep.CredentialsRequired("user"));
    SaslStep challenge = server.credentials(Optional.of(stored));
    assertThat(text(((SaslStep.Challenge) challenge).data()))
        .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
    SaslStep result = server.respond(bytes(
        "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
    assertThat(result).isInstanceOfSatisfying(SaslStep.Success.class, s -> {
      assertThat(text(s.additionalData())).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
      assertThat(s.authenticatedUsername()).isEqualTo("user");
    });
  }

  @Test
  void exchange_rfc7677Sha256TestVector_succeedsWithExpectedMessages() {
    ScramCredential stored = ScramCredentials.derive(
        ScramAlgorithm.SHA_256, "pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    ScramServer server = ScramServer.create(
        ScramAlgorithm.SHA_256, DOMAIN, DECOY, () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");

    assertThat(server.start(Optional.of(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))))
        .isInstanceOf(SaslStep.CredentialsRequired.class);
    SaslStep challenge = server.credentials(Optional.of(stored));
    assertThat(text(((SaslStep.Challenge) challenge).data())).isEqualTo(
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
    SaslStep result = server.respond(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
    assertThat(result).isInstanceOfSatisfying(SaslStep.Success.class, s ->
        assertThat(text(s.additionalData())).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  }

  @ParameterizedTest
  @EnumSource(ScramAlgorithm.class)
  void exchange_handRolledClientRightPassword_succeeds(ScramAlgorithm algorithm) {
    ScramServer server = ScramServer.create(algorithm, DOMAIN, DECOY);
    ScramTestClient client = new ScramTestClient(algorithm, "n,,", "juliet", "abc123");
    assertThat(server.mechanismName()).isEqualTo(algorithm.mechanism());
    assertThat(server.start(Optional.of(client.clientFirst())))
        .isEqualTo(new SaslStep.CredentialsRequired("juliet"));
    byte[] serverFirst = challengeData(server.credentials(Optional.of(credential(algorithm, "r0meo!"))));
    SaslStep result = server.respond(client.clientFinal(serverFirst, "r0meo!"));
    assertThat(result).isInstanceOfSatisfying(SaslStep.Success.class,
        s -> assertThat(text(s.additionalData())).isEqualTo(client.expectedServerFinal()));
  }

  @Test
  void exchange_wrongPassword_notAuthorized() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY);
    ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_256, "n,,", "juliet", "abc");
    server.start(Optional.of(client.clientFirst()));
    byte[] serverFirst = challengeData(server.credentials(Optional.of(credential(ScramAlgorithm.SHA_256, "right"))));
    assertThat(server.respond(client.clientFinal(serverFirst, "wrong")))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.NOT_AUTHORIZED));
  }

  @Test
  void exchange_unknownUser_looksLikeAKnownUserThenNotAuthorized() {
    String first1 = unknownUserServerFirst("nobody");
    String first2 = unknownUserServerFirst("nobody");
    String other = unknownUserServerFirst("someone");
    assertThat(salt(first1)).isEqualTo(salt(first2)).isNotEqualTo(salt(other));
    assertThat(first1).endsWith(",i=4096");

    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY);
    ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_256, "n,,", "nobody", "n0nce");
    server.start(Optional.of(client.clientFirst()));
    byte[] serverFirst = challengeData(server.credentials(Optional.empty()));
    assertThat(server.respond(client.clientFinal(serverFirst, "anything")))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.NOT_AUTHORIZED));
  }

  @Test
  void start_usernameNeedsNormalisation_asksForTheNormalisedName() {
    assertThat(ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY).start(Optional.of(bytes("n,,n=Juliet,r=x"))))
        .isEqualTo(new SaslStep.CredentialsRequired("juliet"));
    assertThat(ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY)
        .start(Optional.of(bytes("n,,n=juliet@Example.com,r=x"))))
        .isEqualTo(new SaslStep.CredentialsRequired("juliet"));
  }

  @Test
  void start_usernameOfAnotherDomain_continuesWithADecoyChallenge() {
    SaslStep step = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY)
        .start(Optional.of(bytes("n,,n=juliet@other.org,r=x")));
    assertThat(step).isInstanceOf(SaslStep.Challenge.class);
  }

  @Test
  void start_noInitialResponse_emptyChallengeThenClientFirstInResponse() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY);
    SaslStep step = server.start(Optional.empty());
    assertThat(((SaslStep.Challenge) step).data()).isEmpty();
    assertThat(server.respond(bytes("n,,n=user,r=abc"))).isEqualTo(new SaslStep.CredentialsRequired("user"));
  }

  @Test
  void exchange_clientSupportsChannelBindingFlagY_succeeds() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY);
    ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_1, "y,,", "juliet", "abc");
    server.start(Optional.of(client.clientFirst()));
    byte[] serverFirst = challengeData(server.credentials(Optional.of(credential(ScramAlgorithm.SHA_1, "pw"))));
    assertThat(server.respond(client.clientFinal(serverFirst, "pw"))).isInstanceOf(SaslStep.Success.class);
  }

  @Test
  void exchange_authzidOfTheSameAccount_succeeds() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY);
    ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_1, "n,a=juliet@example.com,", "juliet", "abc");
    assertThat(server.start(Optional.of(client.clientFirst()))).isInstanceOf(SaslStep.CredentialsRequired.class);
    byte[] serverFirst = challengeData(server.credentials(Optional.of(credential(ScramAlgorithm.SHA_1, "pw"))));
    assertThat(server.respond(client.clientFinal(serverFirst, "pw"))).isInstanceOf(SaslStep.Success.class);
  }

  @Test
  void start_authzidOfAnotherAccount_invalidAuthzid() {
    assertThat(failure("n,a=romeo@example.com,n=juliet,r=abc")).isEqualTo(SaslFailureCondition.INVALID_AUTHZID);
    assertThat(failure("n,a=juliet@example.com/res,n=juliet,r=abc"))
        .isEqualTo(SaslFailureCondition.INVALID_AUTHZID);
  }

  @Test
  void start_malformedClientFirst_malformedRequest() {
    assertThat(failure("p=tls-unique,,n=user,r=abc")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure("x,,n=user,r=abc")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure("n,,m=ext,n=user,r=abc")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure("n,,n=us=er,r=abc")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure("n,,n=user")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure("n,,n=,r=abc")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure("n,,n=user,r=")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure("n,x=y,n=user,r=abc")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure("")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    SaslStep notUtf8 = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY)
        .start(Optional.of(new byte[] {'n', ',', ',', (byte) 0xFF}));
    assertThat(((SaslStep.Failure) notUtf8).condition()).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
  }

  @Test
  void respond_badClientFinal_failsWithTheRightCondition() {
    assertThat(finalFailure(f -> f.replace(",p=", ",p=!!"))).isEqualTo(SaslFailureCondition.INCORRECT_ENCODING);
    assertThat(finalFailure(f -> f.replace("c=biws", "c=eSws"))).isEqualTo(SaslFailureCondition.NOT_AUTHORIZED);
    assertThat(finalFailure(f -> f.replace("r=abc", "r=abd"))).isEqualTo(SaslFailureCondition.NOT_AUTHORIZED);
    assertThat(finalFailure(f -> f.substring(0, f.indexOf(",p=")))).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(finalFailure(f -> "x" + f)).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
  }

  @Test
  void respond_afterSuccess_malformedRequest() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY);
    ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_1, "n,,", "juliet", "abc");
    server.start(Optional.of(client.clientFirst()));
    byte[] serverFirst = challengeData(server.credentials(Optional.of(credential(ScramAlgorithm.SHA_1, "pw"))));
    byte[] clientFinal = client.clientFinal(serverFirst, "pw");
    assertThat(server.respond(clientFinal)).isInstanceOf(SaslStep.Success.class);
    assertThat(server.respond(clientFinal)).isEqualTo(
        new SaslStep.Failure(SaslFailureCondition.MALFORMED_REQUEST, "unexpected response"));
  }

  @Test
  void credentials_ofAnotherAlgorithm_rejected() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY);
    server.start(Optional.of(bytes("n,,n=user,r=abc")));
    assertThatThrownBy(() -> server.credentials(Optional.of(credential(ScramAlgorithm.SHA_1, "pw"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentials_notAskedFor_illegalState() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY);
    assertThatThrownBy(() -> server.credentials(Optional.empty())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void decodeSaslName_escapes() {
    assertThat(ScramServer.decodeSaslName("a=2Cb=3Dc")).isEqualTo("a,b=c");
    assertThat(ScramServer.decodeSaslName("a=2")).isNull();
  }

  private interface Edit {
    String apply(String clientFinal);
  }

  private static SaslFailureCondition finalFailure(Edit edit) {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY);
    ScramTestClient client = new ScramTestClient(ScramAlgorithm.SHA_1, "n,,", "juliet", "abc");
    server.start(Optional.of(client.clientFirst()));
    byte[] serverFirst = challengeData(server.credentials(Optional.of(credential(ScramAlgorithm.SHA_1, "pw"))));
    String clientFinal = text(client.clientFinal(serverFirst, "pw"));
    return ((SaslStep.Failure) server.respond(bytes(edit.apply(clientFinal)))).condition();
  }

  private static SaslFailureCondition failure(String clientFirst) {
    SaslStep step = ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, DECOY).start(Optional.of(bytes(clientFirst)));
    assertThat(step).as(clientFirst).isInstanceOf(SaslStep.Failure.class);
    return ((SaslStep.Failure) step).condition();
  }

  private static String unknownUserServerFirst(String user) {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY);
    server.start(Optional.of(bytes("n,,n=" + user + ",r=abc")));
    return text(challengeData(server.credentials(Optional.empty())));
  }

  private static String salt(String serverFirst) {
    return serverFirst.split(",")[1];
  }

  private static ScramCredential credential(ScramAlgorithm algorithm, String password) {
    return ScramCredentials.derive(algorithm, password, "saltsaltsalt".getBytes(UTF_8), 4096);
  }

  private static byte[] challengeData(SaslStep step) {
    assertThat(step).isInstanceOf(SaslStep.Challenge.class);
    return ((SaslStep.Challenge) step).data();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, UTF_8);
  }
}
