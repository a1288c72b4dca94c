package io.switchboard.bench.client;

import io.switchboard.bench.sasl.AuthMechanism;
import io.switchboard.bench.sasl.ScramKeyCache;
import io.switchboard.protocol.stream.DecoderLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How every session of a run logs in.
 *
 * @param credentials account naming
 * @param resource the resource asked for at bind (the server may change it)
 * @param mechanism the SASL mechanism; the login fails if the server does not offer it
 * @param startTls negotiate STARTTLS before SASL (fail if not offered); without it the stream
 *     stays plaintext even if the server offers TLS
 * @param rosterGet fetch the roster after bind, before initial presence (what tsung does, and
 *     what RFC 6121 §2.2 asks of clients that want roster pushes)
 * @param loginTimeout connect to initial presence, after which the session fails with TIMEOUT
 * @param decoderLimits limits for the incoming stream
 * @param scramKeys SCRAM keys derived in earlier logins (shared, thread-safe), or null
 * @param streamManagement enable XEP-0198 (resumable) after bind, before initial presence, as a
 *     phone does; the session then answers the server's {@code <r/>} with its count of stanzas
 */
public record ClientSettings(
    Credentials credentials,
    String resource,
    AuthMechanism mechanism,
    boolean startTls,
    boolean rosterGet,
    Duration loginTimeout,
    DecoderLimits decoderLimits,
    ScramKeyCache scramKeys,
    boolean streamManagement) {

  public ClientSettings {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(mechanism, "mechanism");
    Objects.requireNonNull(loginTimeout, "loginTimeout");
    Objects.requireNonNull(decoderLimits, "decoderLimits");
  }

  /** Without XEP-0198. */
  public ClientSettings(Credentials credentials, String resource, AuthMechanism mechanism, boolean startTls,
      boolean rosterGet, Duration loginTimeout, DecoderLimits decoderLimits, ScramKeyCache scramKeys) {
    this(credentials, resource, mechanism, startTls, rosterGet, loginTimeout, decoderLimits, scramKeys, false);
  }
}
