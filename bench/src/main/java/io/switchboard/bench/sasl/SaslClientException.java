package io.switchboard.bench.sasl;

/** A server challenge the client cannot answer. The message never contains credentials. */
public final class SaslClientException extends Exception {
  private static final long serialVersionUID = 1L;

  public SaslClientException(String message) {
    super(message);
  }
}
