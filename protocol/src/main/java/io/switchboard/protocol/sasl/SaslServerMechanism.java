package io.switchboard.protocol.sasl;

import java.util.Optional;

/**
 * The server side of one SASL exchange (RFC 6120 §6.4). Pure and single-use: no I/O, no
 * credential store. The connection drives it:
 *
 * <pre>{@code
 * step = mechanism.start(initialResponse);          // from <auth/>
 * loop:
 *   CredentialsRequired(u) -> look u up (async), step = mechanism.credentials(found)
 *   Challenge(data)        -> send <challenge/>, on <response/>: step = mechanism.respond(data)
 *   Success / Failure      -> send the element; done
 * }</pre>
 *
 * Instances are not thread-safe; hand results back to the connection's thread.
 */
public sealed interface SaslServerMechanism permits ScramServer, PlainServer, RejectedMechanism {

  /** The SASL mechanism name, e.g. "SCRAM-SHA-256". */
  String mechanismName();

  /**
   * Begins the exchange with the {@code <auth/>} element's initial response, or empty when the
   * element had no character data (the mechanism then answers with an empty challenge).
   */
  SaslStep start(Optional<byte[]> initialResponse);

  /** The decoded payload of a {@code <response/>}. */
  SaslStep respond(byte[] response);

  /**
   * The stored credentials for the username of the preceding {@link SaslStep.CredentialsRequired},
   * or empty when there is no such account (the exchange then fails without revealing it).
   *
   * @throws IllegalStateException if no credentials were asked for
   * @throws IllegalArgumentException if a SCRAM mechanism gets another algorithm's credential
   */
  SaslStep credentials(Optional<ScramCredential> credential);

  /** Which hash family's stored credential {@link #credentials} wants. */
  default ScramAlgorithm credentialAlgorithm() {
    return ScramAlgorithm.SHA_256;
  }

  /**
   * Whether {@link #credentials} derives keys from a password (PBKDF2: milliseconds of CPU), so
   * the caller runs it on a thread of its own rather than on a connection's. No other step does.
   */
  default boolean derivesKeys() {
    return false;
  }
}
