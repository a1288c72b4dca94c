package io.switchboard.protocol.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Server side of SCRAM-SHA-1, SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) and of their
 * -PLUS variants with channel binding ({@code tls-exporter}, RFC 9266; {@code
 * tls-server-end-point}, RFC 5929). The gs2 header decides (RFC 5802 §6): a -PLUS mechanism needs
 * {@code p=<type>} with a type this connection offers, and the client-final-message must carry
 * that binding's data; a plain mechanism takes {@code n} and {@code y} ("I could bind, but
 * chose not to"), the latter also where -PLUS was offered (see {@code channelBindingFlag}: the
 * RFC's downgrade rule would lock out clients whose only binding type is one not offered here).
 * Verification needs only the stored keys (no PBKDF2 on the server) and compares in constant
 * time. An unknown user gets a {@link ScramDecoy} salt and iteration count and fails only at the
 * proof, with not-authorized.
 */
public final class ScramServer implements SaslServerMechanism {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_MESSAGE_BYTES = 4096;

  private enum State { CLIENT_FIRST, CREDENTIALS, CLIENT_FINAL, DONE }

  private final ScramAlgorithm algorithm;
  /** The bindings a -PLUS mechanism may use; {@link ChannelBindings#NONE} for the plain variants. */
  private final ChannelBindings bindings;
  private final boolean plus;
  /** Whether -PLUS mechanisms were offered on this stream (a "y" flag then fails). */
  private final boolean plusOffered;
  private final SaslIdentities identities;
  private final ScramDecoy decoy;
  private final Supplier<String> serverNonces;

  private State state = State.CLIENT_FIRST;
  private String gs2Header;
  /** The channel binding data the client-final-message must carry after the gs2 header. */
  private byte[] cbindData = new byte[0];
  private String clientFirstBare;
  private String clientNonce;
  private String username;
  private String lookupName;
  private String serverFirst;
  private ScramCredential credential;
  private boolean knownUser;

  private ScramServer(ScramAlgorithm algorithm, String domain, ScramDecoy decoy, Supplier<String> serverNonces,
      ChannelBindings bindings, boolean plus, boolean plusOffered) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.bindings = Objects.requireNonNull(bindings, "bindings");
    this.plus = plus;
    this.plusOffered = plusOffered || plus;
    this.identities = new SaslIdentities(domain);
    this.decoy = Objects.requireNonNull(decoy, "decoy");
    this.serverNonces = serverNonces;
  }

  /**
   * @param domain the XMPP domain the accounts belong to (for authzid checks and "user@domain"
   *     usernames)
   */
  public static ScramServer create(ScramAlgorithm algorithm, String domain, ScramDecoy decoy) {
    return new ScramServer(algorithm, domain, decoy, ScramServer::randomNonce, ChannelBindings.NONE, false, false);
  }

  /**
   * @param bindings what a -PLUS exchange may bind to (ignored unless {@code plus})
   * @param plus whether this is the -PLUS variant
   * @param plusOffered whether -PLUS mechanisms were offered on this stream
   */
  public static ScramServer create(ScramAlgorithm algorithm, String domain, ScramDecoy decoy,
      ChannelBindings bindings, boolean plus, boolean plusOffered) {
    return new ScramServer(algorithm, domain, decoy, ScramServer::randomNonce, bindings, plus, plusOffered);
  }

  /** With a fixed server nonce source, for test vectors. */
  static ScramServer create(ScramAlgorithm algorithm, String domain, ScramDecoy decoy, Supplier<String> nonces) {
    return new ScramServer(algorithm, domain, decoy, nonces, ChannelBindings.NONE, false, false);
  }

  /** A -PLUS server with a fixed server nonce source, for tests. */
  static ScramServer createPlus(ScramAlgorithm algorithm, String domain, ScramDecoy decoy, Supplier<String> nonces,
      ChannelBindings bindings) {
    return new ScramServer(algorithm, domain, decoy, nonces, bindings, true, true);
  }

  public ScramAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public String mechanismName() {
    return plus ? SaslMechanisms.plus(algorithm) : algorithm.mechanism();
  }

  @Override
  public ScramAlgorithm credentialAlgorithm() {
    return algorithm;
  }

  @Override
  public SaslStep start(Optional<byte[]> initialResponse) {
    if (state != State.CLIENT_FIRST) {
      throw new IllegalStateException("already started");
    }
    return initialResponse.isEmpty() ? new SaslStep.Challenge(new byte[0]) : clientFirst(initialResponse.get());
  }

  @Override
  public SaslStep respond(byte[] response) {
    return switch (state) {
      case CLIENT_FIRST -> clientFirst(response);
      case CLIENT_FINAL -> clientFinal(response);
      default -> fail(SaslFailureCondition.MALFORMED_REQUEST, "unexpected response");
    };
  }

  @Override
  public SaslStep credentials(Optional<ScramCredential> stored) {
    if (state != State.CREDENTIALS) {
      throw new IllegalStateException("no credentials were asked for");
    }
    if (stored.isPresent() && stored.get().algorithm() != algorithm) {
      throw new IllegalArgumentException(
          "expected a " + algorithm + " credential, got " + stored.get().algorithm());
    }
    knownUser = stored.isPresent();
    return serverFirst(stored.orElseGet(() -> decoy.credential(algorithm, lookupName)));
  }

  // RFC 5802 §7: client-first-message = gs2-header client-first-message-bare
  private SaslStep clientFirst(byte[] message) {
    Optional<String> text = utf8(message);
    if (text.isEmpty()) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "not UTF-8");
    }
    String s = text.get();
    int flagEnd = s.indexOf(',');
    if (flagEnd < 0) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad gs2 header");
    }
    Optional<SaslStep> refused = channelBindingFlag(s.substring(0, flagEnd));
    if (refused.isPresent()) {
      return refused.get();
    }
    int authzidEnd = s.indexOf(',', flagEnd + 1);
    if (authzidEnd < 0) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad gs2 header");
    }
    String authzidField = s.substring(flagEnd + 1, authzidEnd);
    String authzid = null;
    if (!authzidField.isEmpty()) {
      if (!authzidField.startsWith("a=")) {
        return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad gs2 header");
      }
      authzid = decodeSaslName(authzidField.substring(2));
      if (authzid == null) {
        return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad authzid encoding");
      }
    }
    gs2Header = s.substring(0, authzidEnd + 1);
    clientFirstBare = s.substring(authzidEnd + 1);
    String[] fields = clientFirstBare.split(",", -1);
    if (fields.length < 2 || fields[0].startsWith("m=")) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad client-first-message");
    }
    if (!fields[0].startsWith("n=") || !fields[1].startsWith("r=")) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad client-first-message");
    }
    String authcid = decodeSaslName(fields[0].substring(2));
    clientNonce = fields[1].substring(2);
    if (authcid == null || authcid.isEmpty() || !isValidNonce(clientNonce)) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad username or nonce");
    }
    Optional<String> normalized = identities.username(authcid);
    if (normalized.isPresent() && !identities.authzidAllowed(authzid, normalized.get())) {
      return fail(SaslFailureCondition.INVALID_AUTHZID, null);
    }
    if (normalized.isEmpty()) {
      // Cannot name an account here: carry on with a decoy so the outcome looks the same.
      lookupName = authcid;
      knownUser = false;
      return serverFirst(decoy.credential(algorithm, authcid));
    }
    username = normalized.get();
    lookupName = username;
    state = State.CREDENTIALS;
    return new SaslStep.CredentialsRequired(username);
  }

  /**
   * RFC 5802 §6 and §7 gs2-cbind-flag: what the client says about channel binding, against what
   * this mechanism and this stream offer. Empty when the exchange may go on (the binding data to
   * expect is then in {@code cbindData}).
   */
  private Optional<SaslStep> channelBindingFlag(String flag) {
    if (flag.equals("n")) {
      return plus
          ? Optional.of(fail(SaslFailureCondition.MALFORMED_REQUEST, "a -PLUS mechanism needs channel binding (p=)"))
          : Optional.empty();
    }
    if (flag.equals("y")) {
      if (plus) {
        return Optional.of(fail(SaslFailureCondition.MALFORMED_REQUEST, "a -PLUS mechanism needs channel binding (p=)"));
      }
      // The client could bind but chose not to. RFC 5802 §6 would fail this where -PLUS was
      // offered (a stripped offer), but "y" does not say which binding types the client has: one
      // that knows only tls-unique (slixmpp through Python's ssl module), which this server never
      // offers, sends "y" after its -PLUS attempt failed and would never log in. A client that
      // has one of the offered types uses -PLUS (XEP-0440 lists them), so accepting "y" costs
      // only the downgrade signal of clients that could not have bound here anyway.
      return Optional.empty();
    }
    if (!flag.startsWith("p=")) {
      return Optional.of(fail(SaslFailureCondition.MALFORMED_REQUEST, "bad gs2 header"));
    }
    if (!plus) {
      return Optional.of(fail(SaslFailureCondition.MALFORMED_REQUEST, "channel binding needs a -PLUS mechanism"));
    }
    String name = flag.substring(2);
    Optional<ChannelBindingType> type = ChannelBindingType.byName(name);
    Optional<byte[]> data = type.filter(bindings.types()::contains).flatMap(bindings::data);
    if (data.isEmpty()) {
      return Optional.of(fail(SaslFailureCondition.MALFORMED_REQUEST,
          "unsupported channel binding type; this stream offers " + bindings.types().stream()
              .map(ChannelBindingType::ianaName).toList()));
    }
    cbindData = data.get();
    return Optional.empty();
  }

  private SaslStep serverFirst(ScramCredential stored) {
    credential = stored;
    serverFirst = "r=" + clientNonce + serverNonces.get()
        + ",s=" + Base64.getEncoder().encodeToString(stored.salt())
        + ",i=" + stored.iterations();
    state = State.CLIENT_FINAL;
    return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
  }

  // RFC 5802 §7: client-final-message = channel-binding "," nonce ["," extensions] "," proof
  private SaslStep clientFinal(byte[] message) {
    Optional<String> text = utf8(message);
    if (text.isEmpty()) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "not UTF-8");
    }
    String s = text.get();
    int proofAt = s.lastIndexOf(",p=");
    if (!s.startsWith("c=") || proofAt < 0) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad client-final-message");
    }
    String withoutProof = s.substring(0, proofAt);
    String[] fields = withoutProof.split(",", -1);
    if (fields.length < 2 || !fields[1].startsWith("r=")) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad client-final-message");
    }
    byte[] channelBinding;
    byte[] proof;
    try {
      channelBinding = Base64.getDecoder().decode(fields[0].substring(2));
      proof = Base64.getDecoder().decode(s.substring(proofAt + 3));
    } catch (IllegalArgumentException e) {
      return fail(SaslFailureCondition.INCORRECT_ENCODING, "bad base64");
    }
    String expectedNonce = serverFirst.substring(2, serverFirst.indexOf(','));
    if (!MessageDigest.isEqual(channelBinding, expectedChannelBinding())
        || !fields[1].substring(2).equals(expectedNonce)) {
      return fail(SaslFailureCondition.NOT_AUTHORIZED, null);
    }
    byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    byte[] storedKey = credential.storedKey();
    byte[] clientSignature = ScramCredentials.hmac(algorithm, storedKey, authMessage);
    boolean valid = false;
    if (proof.length == clientSignature.length) {
      byte[] clientKey = new byte[proof.length];
      for (int i = 0; i < proof.length; i++) {
        clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
      }
      valid = MessageDigest.isEqual(ScramCredentials.hash(algorithm, clientKey), storedKey);
    }
    if (!valid || !knownUser) {
      return fail(SaslFailureCondition.NOT_AUTHORIZED, null);
    }
    byte[] serverSignature = ScramCredentials.hmac(algorithm, credential.serverKey(), authMessage);
    state = State.DONE;
    String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
    return new SaslStep.Success(serverFinal.getBytes(StandardCharsets.UTF_8), username);
  }

  /** RFC 5802 §7 cbind-input: the gs2 header, then (with p=) the channel binding data. */
  private byte[] expectedChannelBinding() {
    byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
    byte[] out = java.util.Arrays.copyOf(header, header.length + cbindData.length);
    System.arraycopy(cbindData, 0, out, header.length, cbindData.length);
    return out;
  }

  private SaslStep.Failure fail(SaslFailureCondition condition, String text) {
    state = State.DONE;
    credential = null;
    return new SaslStep.Failure(condition, text);
  }

  /** RFC 5802 §5.1 saslname: "=2C" is ',' and "=3D" is '='; any other '=' is an error (null). */
  static String decodeSaslName(String s) {
    if (s.indexOf('=') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '=') {
        sb.append(c);
      } else if (s.startsWith("=2C", i)) {
        sb.append(',');
        i += 2;
      } else if (s.startsWith("=3D", i)) {
        sb.append('=');
        i += 2;
      } else {
        return null;
      }
    }
    return sb.toString();
  }

  private static boolean isValidNonce(String nonce) {
    if (nonce.isEmpty()) {
      return false;
    }
    for (int i = 0; i < nonce.length(); i++) {
      char c = nonce.charAt(i);
      if (c < 0x21 || c > 0x7E || c == ',') {
        return false;
      }
    }
    return true;
  }

  static Optional<String> utf8(byte[] bytes) {
    if (bytes.length > MAX_MESSAGE_BYTES) {
      return Optional.empty();
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String randomNonce() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b); // base64 never contains ','
  }
}
