package io.switchboard.bench.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.sasl.SaslFailureCondition;
import io.switchboard.protocol.sasl.SaslStep;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import io.switchboard.protocol.sasl.ScramCredentials;
import io.switchboard.protocol.sasl.ScramDecoy;
import io.switchboard.protocol.sasl.ScramServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ScramClientTest {
  private static final String DOMAIN = "example.test";

  /** Runs a whole exchange between the client and the protocol module's ScramServer. */
  private static SaslStep exchange(ScramClient client, ScramServer server, ScramCredential stored) throws Exception {
    SaslStep step = server.start(Optional.of(client.initialResponse()));
    assertThat(step).isInstanceOf(SaslStep.CredentialsRequired.class);
    assertThat(((SaslStep.CredentialsRequired) step).username()).isEqualTo("user7");
    step = server.credentials(Optional.of(stored));
    assertThat(step).isInstanceOf(SaslStep.Challenge.class);
    return server.respond(client.respond(((SaslStep.Challenge) step).data()));
  }

  @ParameterizedTest
  @EnumSource(ScramAlgorithm.class)
  void respond_rightPassword_serverAcceptsAndClientVerifiesServer(ScramAlgorithm algorithm) throws Exception {
    ScramCredential stored = ScramCredentials.derive(algorithm, "pass7", "salt-1234567890".getBytes(StandardCharsets.UTF_8), 4096);
    ScramClient client = ScramClient.create(algorithm, "user7", "pass7");

    SaslStep result = exchange(client, ScramServer.create(algorithm, DOMAIN, ScramDecoy.random(4096)), stored);

    assertThat(result).isInstanceOf(SaslStep.Success.class);
    assertThat(((SaslStep.Success) result).authenticatedUsername()).isEqualTo("user7");
    assertThat(client.verifySuccess(((SaslStep.Success) result).additionalData())).isTrue();
    assertThat(client.mechanismName()).isEqualTo(algorithm.mechanism());
  }

  @Test
  void respond_wrongPassword_serverRejects() throws Exception {
    ScramCredential stored = ScramCredentials.derive(ScramAlgorithm.SHA_256, "pass7", new byte[16], 4096);
    ScramClient client = ScramClient.create(ScramAlgorithm.SHA_256, "user7", "wrong");

    SaslStep result = exchange(client, ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, ScramDecoy.random(4096)), stored);

    assertThat(result).isInstanceOf(SaslStep.Failure.class);
    assertThat(((SaslStep.Failure) result).condition()).isEqualTo(SaslFailureCondition.NOT_AUTHORIZED);
  }

  @Test
  void verifySuccess_forgedServerSignature_false() throws Exception {
    ScramCredential stored = ScramCredentials.derive(ScramAlgorithm.SHA_1, "pass7", new byte[16], 4096);
    ScramClient client = ScramClient.create(ScramAlgorithm.SHA_1, "user7", "pass7");
    SaslStep result = exchange(client, ScramServer.create(ScramAlgorithm.SHA_1, DOMAIN, ScramDecoy.random(4096)), stored);
    assertThat(result).isInstanceOf(SaslStep.Success.class);

    byte[] forged = ("v=" + Base64.getEncoder().encodeToString(new byte[20])).getBytes(StandardCharsets.UTF_8);

    assertThat(client.verifySuccess(forged)).isFalse();
    assertThat(client.verifySuccess("e=other-error".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void verifySuccess_beforeChallenge_false() {
    ScramClient client = ScramClient.create(ScramAlgorithm.SHA_1, "user7", "pass7");
    client.initialResponse();
    assertThat(client.verifySuccess("v=AAAA".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  /** RFC 5802 §5 example exchange (SCRAM-SHA-1, user "user", password "pencil"). */
  @Test
  void respond_rfc5802Vector_matchesExpectedProofAndSignature() throws Exception {
    ScramClient client = ScramClient.withNonce(ScramAlgorithm.SHA_1, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
    assertThat(new String(client.initialResponse(), StandardCharsets.UTF_8))
        .isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");

    byte[] finalMessage = client.respond(
        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(finalMessage, StandardCharsets.UTF_8))
        .isEqualTo("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    assertThat(client.verifySuccess("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  /** RFC 7677 §3 example exchange (SCRAM-SHA-256). */
  @Test
  void respond_rfc7677Vector_matchesExpectedProofAndSignature() throws Exception {
    ScramClient client = ScramClient.withNonce(ScramAlgorithm.SHA_256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    client.initialResponse();

    byte[] finalMessage = client.respond(("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096").getBytes(StandardCharsets.UTF_8));

    assertThat(new String(finalMessage, StandardCharsets.UTF_8)).isEqualTo(
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    assertThat(client.verifySuccess(
        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void respond_serverNonceNotExtendingClientNonce_throws() {
    ScramClient client = ScramClient.withNonce(ScramAlgorithm.SHA_1, "user", "pencil", "abc");
    client.initialResponse();

    assertThatThrownBy(() -> client.respond("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SaslClientException.class);
    assertThatThrownBy(() -> client.respond("r=abc,s=QSXCR+Q6sek8bf92,i=4096".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SaslClientException.class);
  }

  @Test
  void respond_hostileIterationCountOrMissingFields_throws() {
    ScramClient client = ScramClient.withNonce(ScramAlgorithm.SHA_1, "user", "pencil", "abc");
    client.initialResponse();

    assertThatThrownBy(() -> client.respond("r=abcd,s=QSXCR+Q6sek8bf92,i=100000000".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SaslClientException.class).hasMessageContaining("iteration");
    assertThatThrownBy(() -> client.respond("r=abcd,i=4096".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SaslClientException.class);
    assertThatThrownBy(() -> client.respond("m=ext,r=abcd,s=QSXCR+Q6sek8bf92,i=4096".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SaslClientException.class);
  }

  @Test
  void saslName_commaAndEquals_escaped() {
    assertThat(ScramClient.saslName("a,b=c")).isEqualTo("a=2Cb=3Dc");
    assertThat(ScramClient.saslName("plain")).isEqualTo("plain");
  }

  @Test
  void plainClient_initialResponse_isNulSeparated() {
    assertThat(new String(new PlainClient("user1", "pass1").initialResponse(), StandardCharsets.UTF_8))
        .isEqualTo("\u0000user1\u0000pass1");
  }

  @Test
  void authMechanism_parse_acceptsAnyCaseAndRejectsUnknown() {
    assertThat(AuthMechanism.parse("scram-sha-256")).isEqualTo(AuthMechanism.SCRAM_SHA_256);
    assertThat(AuthMechanism.parse("PLAIN")).isEqualTo(AuthMechanism.PLAIN);
    assertThatThrownBy(() -> AuthMechanism.parse("digest-md5")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void respond_withKeyCache_secondLoginReusesKeysAndStillAuthenticates(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    ScramCredential stored = ScramCredentials.derive(ScramAlgorithm.SHA_256, "pass7", new byte[16], 4096);
    ScramKeyCache cache = new ScramKeyCache();

    SaslStep first = exchange(ScramClient.create(ScramAlgorithm.SHA_256, "user7", "pass7", cache),
        ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, ScramDecoy.random(4096)), stored);
    assertThat(first).isInstanceOf(SaslStep.Success.class);
    assertThat(cache.size()).isEqualTo(1);
    java.nio.file.Path file = dir.resolve("keys");
    cache.save(file);
    ScramKeyCache reloaded = new ScramKeyCache();
    reloaded.load(file);

    ScramClient second = ScramClient.withNonce(ScramAlgorithm.SHA_256, "user7", "not-used-when-cached", "nonce2", reloaded);
    SaslStep result = exchange(second, ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, ScramDecoy.random(4096)), stored);

    assertThat(result).isInstanceOf(SaslStep.Success.class);
    assertThat(second.verifySuccess(((SaslStep.Success) result).additionalData())).isTrue();
  }

  @Test
  void respond_cachedKeysForOtherSalt_notUsed() throws Exception {
    ScramKeyCache cache = new ScramKeyCache();
    cache.put(ScramAlgorithm.SHA_1, "user", "c29tZXRoaW5nIGVsc2U=", 4096,
        new ScramKeyCache.Keys(new byte[20], new byte[20]));
    ScramClient client = ScramClient.withNonce(ScramAlgorithm.SHA_1, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL", cache);
    client.initialResponse();

    byte[] finalMessage = client.respond(
        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(finalMessage, StandardCharsets.UTF_8)).endsWith("p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    assertThat(cache.size()).isEqualTo(2);
  }
}
