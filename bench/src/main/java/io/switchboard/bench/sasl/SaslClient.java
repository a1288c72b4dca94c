package io.switchboard.bench.sasl;

/**
 * The client side of one SASL exchange (RFC 6120 §6.4, RFC 4422). Pure and single-use: no I/O.
 * The session sends {@link #initialResponse()} in {@code <auth/>}, answers every
 * {@code <challenge/>} with {@link #respond(byte[])} and checks {@code <success/>}'s additional
 * data with {@link #verifySuccess(byte[])}.
 */
public sealed interface SaslClient permits ScramClient, PlainClient {

  /** The SASL mechanism name sent in {@code <auth mechanism=.../>}. */
  String mechanismName();

  /** The initial response carried by {@code <auth/>} (RFC 6120 §6.4.2). */
  byte[] initialResponse();

  /**
   * The response to a server challenge.
   *
   * @throws SaslClientException when the challenge is malformed or not acceptable
   */
  byte[] respond(byte[] challenge) throws SaslClientException;

  /**
   * Whether the additional data of {@code <success/>} proves the server knew the credentials
   * (SCRAM's server signature, RFC 5802 §3); mechanisms without such proof accept anything.
   */
  boolean verifySuccess(byte[] additionalData);
}
