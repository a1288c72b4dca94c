package io.switchboard.protocol.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * SCRAM-*-PLUS (RFC 5802 §6, RFC 7677, RFC 9266, RFC 5929) and the gs2 flag rules around it,
 * against a client written from the RFCs ({@link ScramTestClient}) with made-up binding data (the
 * TLS side is tested in the node, against real TLS engines).
 */
class ScramPlusTest {
  private static final String DOMAIN = "example.com";
  private static final ScramDecoy DECOY = new ScramDecoy(new byte[32], 4096);
  private static final byte[] EXPORTER = bytes("0123456789abcdef0123456789abcdef");
  private static final byte[] END_POINT = bytes("certificate hash of 32 bytes ...");
  private static final ChannelBindings BOTH = bindings(EXPORTER, END_POINT);
  private static final ChannelBindings END_POINT_ONLY = bindings(null, END_POINT);

  @ParameterizedTest
  @EnumSource(ChannelBindingType.class)
  void exchange_plusWithTheConnectionsBinding_succeeds(ChannelBindingType type) {
    byte[] data = type == ChannelBindingType.TLS_EXPORTER ? EXPORTER : END_POINT;
    ScramTestClient client = client("p=" + type.ianaName() + ",,", data);
    ScramServer server = plus(ScramAlgorithm.SHA_256, BOTH);
    assertThat(server.mechanismName()).isEqualTo("SCRAM-SHA-256-PLUS");
    assertThat(server.credentialAlgorithm()).isEqualTo(ScramAlgorithm.SHA_256);

    SaslStep result = run(server, client);

    assertThat(result).isInstanceOfSatisfying(SaslStep.Success.class,
        s -> assertThat(new String(s.additionalData(), UTF_8)).isEqualTo(client.expectedServerFinal()));
  }

  @Test
  void exchange_plusWithAuthzid_succeeds() {
    ScramTestClient client = new ScramTestClient(
        ScramAlgorithm.SHA_1, "p=tls-server-end-point,a=juliet@example.com,", "juliet", "n0nce", END_POINT);
    assertThat(run(plus(ScramAlgorithm.SHA_1, END_POINT_ONLY), client)).isInstanceOf(SaslStep.Success.class);
  }

  /** A man in the middle terminates TLS with its own certificate: the client's binding differs. */
  @Test
  void exchange_plusWithAnotherChannelsBinding_notAuthorized() {
    ScramTestClient client = client("p=tls-server-end-point,,", bytes("the MITM's certificate hash ...."));
    assertThat(run(plus(ScramAlgorithm.SHA_256, BOTH), client))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.NOT_AUTHORIZED));
  }

  /** A client that names a binding but leaves its data out of the final message. */
  @Test
  void exchange_plusWithoutTheBindingDataInTheFinalMessage_notAuthorized() {
    assertThat(run(plus(ScramAlgorithm.SHA_256, BOTH), client("p=tls-exporter,,", new byte[0])))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.NOT_AUTHORIZED));
  }

  @Test
  void start_plusWithATypeNotOffered_malformedRequest() {
    assertThat(failure(plus(ScramAlgorithm.SHA_256, END_POINT_ONLY), "p=tls-exporter,,n=juliet,r=abc"))
        .isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure(plus(ScramAlgorithm.SHA_256, BOTH), "p=tls-unique,,n=juliet,r=abc"))
        .isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure(plus(ScramAlgorithm.SHA_256, BOTH), "p=,,n=juliet,r=abc"))
        .isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
  }

  @Test
  void start_plusWithoutChannelBinding_malformedRequest() {
    assertThat(failure(plus(ScramAlgorithm.SHA_512, BOTH), "n,,n=juliet,r=abc"))
        .isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
    assertThat(failure(plus(ScramAlgorithm.SHA_512, BOTH), "y,,n=juliet,r=abc"))
        .isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
  }

  @Test
  void start_plainMechanismAskingToBind_malformedRequest() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY, BOTH, false, true);
    assertThat(failure(server, "p=tls-exporter,,n=juliet,r=abc")).isEqualTo(SaslFailureCondition.MALFORMED_REQUEST);
  }

  /**
   * "y" where -PLUS was offered is accepted: a client that knows only tls-unique (never offered
   * here; slixmpp) sends it after its -PLUS attempt failed, and must still be able to log in.
   */
  @Test
  void exchange_flagYWherePlusWasOffered_succeeds() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY, BOTH, false, true);
    assertThat(run(server, client("y,,", new byte[0]))).isInstanceOf(SaslStep.Success.class);
  }

  @Test
  void exchange_flagYWherePlusWasNotOffered_succeeds() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY, ChannelBindings.NONE, false, false);
    assertThat(run(server, client("y,,", new byte[0]))).isInstanceOf(SaslStep.Success.class);
  }

  @Test
  void exchange_flagNWherePlusWasOffered_succeeds() {
    ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, DOMAIN, DECOY, BOTH, false, true);
    assertThat(run(server, client("n,,", new byte[0]))).isInstanceOf(SaslStep.Success.class);
  }

  @Test
  void mechanisms_withBindings_offerPlusFirstAndTheXep0440Feature() {
    SaslMechanisms mechanisms = SaslMechanisms.defaults(DOMAIN, DECOY);
    assertThat(mechanisms.offered(true, END_POINT_ONLY)).containsExactly(
        "SCRAM-SHA-512-PLUS", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS",
        "SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    assertThat(mechanisms.offered(true, ChannelBindings.NONE)).doesNotContain("SCRAM-SHA-1-PLUS");
    assertThat(mechanisms.channelBindingFeature(BOTH).orElseThrow().toXml()).isEqualTo(
        "<sasl-channel-binding xmlns=\"urn:xmpp:sasl-cb:0\"><channel-binding type=\"tls-exporter\"/>"
            + "<channel-binding type=\"tls-server-end-point\"/></sasl-channel-binding>");
    assertThat(mechanisms.channelBindingFeature(ChannelBindings.NONE)).isEmpty();
  }

  @Test
  void mechanisms_withoutChannelBinding_neverOfferPlusAndAcceptY() {
    SaslMechanisms mechanisms = SaslMechanisms.withoutChannelBinding(DOMAIN, DECOY);
    assertThat(mechanisms.offered(true, BOTH)).containsExactly("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    assertThat(mechanisms.channelBindingFeature(BOTH)).isEmpty();
    assertThat(mechanisms.start("SCRAM-SHA-1-PLUS", true, BOTH).start(Optional.empty()))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.INVALID_MECHANISM));
    assertThat(mechanisms.start("SCRAM-SHA-1", true, BOTH).start(Optional.of(bytes("y,,n=juliet,r=abc"))))
        .isEqualTo(new SaslStep.CredentialsRequired("juliet"));
  }

  @Test
  void mechanisms_start_plusNameGivesAPlusServerBoundToTheConnection() {
    SaslMechanisms mechanisms = SaslMechanisms.defaults(DOMAIN, DECOY);
    SaslServerMechanism m = mechanisms.start("SCRAM-SHA-1-PLUS", true, END_POINT_ONLY);
    assertThat(m.mechanismName()).isEqualTo("SCRAM-SHA-1-PLUS");
    assertThat(m.credentialAlgorithm()).isEqualTo(ScramAlgorithm.SHA_1);
    assertThat(mechanisms.start("SCRAM-SHA-1-PLUS", true, ChannelBindings.NONE).start(Optional.empty()))
        .isEqualTo(SaslStep.Failure.of(SaslFailureCondition.INVALID_MECHANISM));
    // A plain SCRAM mechanism on a stream where -PLUS was offered takes "y" (see ScramServer).
    assertThat(mechanisms.start("SCRAM-SHA-1", true, END_POINT_ONLY).start(Optional.of(bytes("y,,n=juliet,r=abc"))))
        .isEqualTo(new SaslStep.CredentialsRequired("juliet"));
  }

  // ---------------------------------------------------------------- helpers

  private static ScramServer plus(ScramAlgorithm algorithm, ChannelBindings bindings) {
    return ScramServer.createPlus(algorithm, DOMAIN, DECOY, () -> "srvnonce", bindings);
  }

  private static ScramTestClient client(String gs2Header, byte[] binding) {
    return new ScramTestClient(ScramAlgorithm.SHA_256, gs2Header, "juliet", "n0nce", binding);
  }

  /** Runs a whole exchange for juliet (password "secret") and returns the last step. */
  private static SaslStep run(ScramServer server, ScramTestClient client) {
    ScramTestClient c = client;
    SaslStep first = server.start(Optional.of(c.clientFirst()));
    if (!(first instanceof SaslStep.CredentialsRequired)) {
      return first;
    }
    SaslStep challenge = server.credentials(Optional.of(
        ScramCredentials.derive(server.credentialAlgorithm(), "secret", bytes("saltsaltsaltsalt"), 4096)));
    return server.respond(c.clientFinal(((SaslStep.Challenge) challenge).data(), "secret"));
  }

  private static SaslFailureCondition failure(ScramServer server, String clientFirst) {
    SaslStep step = server.start(Optional.of(bytes(clientFirst)));
    return ((SaslStep.Failure) step).condition();
  }

  private static ChannelBindings bindings(byte[] exporter, byte[] endPoint) {
    Map<ChannelBindingType, Supplier<Optional<byte[]>>> m = new EnumMap<>(ChannelBindingType.class);
    if (exporter != null) {
      m.put(ChannelBindingType.TLS_EXPORTER, () -> Optional.of(exporter));
    }
    if (endPoint != null) {
      m.put(ChannelBindingType.TLS_SERVER_END_POINT, () -> Optional.of(endPoint));
    }
    return ChannelBindings.of(m);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
