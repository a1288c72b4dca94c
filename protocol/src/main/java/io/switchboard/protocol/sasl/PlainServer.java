package io.switchboard.protocol.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Server side of SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, checked against
 * the stored SCRAM credential of any hash family. Only offer it over TLS. Only
 * {@link #credentials} runs PBKDF2 with the credential's iteration count (milliseconds of CPU;
 * {@link #derivesKeys()}), so the caller can keep it off latency-sensitive threads; an unknown user
 * costs the same, against a decoy, and so does a username that cannot name an account here: it too
 * is answered with {@link SaslStep.CredentialsRequired} (whatever the look-up finds, it fails).
 */
public final class PlainServer implements SaslServerMechanism {
  public static final String MECHANISM = "PLAIN";
  private static final int MAX_FIELD_BYTES = 1024;

  private enum State { MESSAGE, CREDENTIALS, DONE }

  private final SaslIdentities identities;
  private final ScramDecoy decoy;
  private State state = State.MESSAGE;
  private String username;
  /** The authcid names no account of this domain: the check runs against a decoy and fails. */
  private boolean unusable;
  private byte[] password;

  private PlainServer(String domain, ScramDecoy decoy) {
    this.identities = new SaslIdentities(domain);
    this.decoy = Objects.requireNonNull(decoy, "decoy");
  }

  public static PlainServer create(String domain, ScramDecoy decoy) {
    return new PlainServer(domain, decoy);
  }

  @Override
  public String mechanismName() {
    return MECHANISM;
  }

  @Override
  public boolean derivesKeys() {
    return true;
  }

  @Override
  public SaslStep start(Optional<byte[]> initialResponse) {
    if (state != State.MESSAGE) {
      throw new IllegalStateException("already started");
    }
    return initialResponse.isEmpty() ? new SaslStep.Challenge(new byte[0]) : message(initialResponse.get());
  }

  @Override
  public SaslStep respond(byte[] response) {
    if (state != State.MESSAGE) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "unexpected response");
    }
    return message(response);
  }

  @Override
  public SaslStep credentials(Optional<ScramCredential> credential) {
    if (state != State.CREDENTIALS) {
      throw new IllegalStateException("no credentials were asked for");
    }
    String pw = new String(password, StandardCharsets.UTF_8);
    Optional<ScramCredential> usable = unusable ? Optional.empty() : credential;
    boolean valid = ScramCredentials.verify(
        usable.orElseGet(() -> decoy.credential(ScramAlgorithm.SHA_256, username)), pw);
    if (!valid || usable.isEmpty()) {
      return fail(SaslFailureCondition.NOT_AUTHORIZED, null);
    }
    clearPassword();
    state = State.DONE;
    return new SaslStep.Success(new byte[0], username);
  }

  private SaslStep message(byte[] message) {
    int first = indexOf(message, 0);
    int second = first < 0 ? -1 : indexOf(message, first + 1);
    if (second < 0 || indexOf(message, second + 1) >= 0) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "expected authzid NUL authcid NUL password");
    }
    Optional<String> authzid = field(message, 0, first);
    Optional<String> authcid = field(message, first + 1, second);
    if (authzid.isEmpty() || authcid.isEmpty() || authcid.get().isEmpty()
        || second + 1 == message.length || message.length - second - 1 > MAX_FIELD_BYTES
        || ScramServer.utf8(Arrays.copyOfRange(message, second + 1, message.length)).isEmpty()) {
      return fail(SaslFailureCondition.MALFORMED_REQUEST, "bad PLAIN message");
    }
    Optional<String> normalized = identities.username(authcid.get());
    if (normalized.isPresent() && !identities.authzidAllowed(authzid.get(), normalized.get())) {
      return fail(SaslFailureCondition.INVALID_AUTHZID, null);
    }
    password = Arrays.copyOfRange(message, second + 1, message.length);
    if (normalized.isEmpty()) {
      // Cannot name an account here: the caller looks it up like any name (and finds nothing),
      // then the check spends the same work as a real one against a decoy and fails.
      username = authcid.get();
      unusable = true;
      state = State.CREDENTIALS;
      return new SaslStep.CredentialsRequired(username);
    }
    username = normalized.get();
    state = State.CREDENTIALS;
    return new SaslStep.CredentialsRequired(username);
  }

  private SaslStep.Failure fail(SaslFailureCondition condition, String text) {
    clearPassword();
    state = State.DONE;
    return new SaslStep.Failure(condition, text);
  }

  private void clearPassword() {
    if (password != null) {
      Arrays.fill(password, (byte) 0);
      password = null;
    }
  }

  private static Optional<String> field(byte[] message, int from, int to) {
    if (to - from > MAX_FIELD_BYTES) {
      return Optional.empty();
    }
    return ScramServer.utf8(Arrays.copyOfRange(message, from, to));
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
