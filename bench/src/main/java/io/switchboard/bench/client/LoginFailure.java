package io.switchboard.bench.client;

/** Why a session did not come online, or why an online session ended early. */
public enum LoginFailure {
  /** TCP connect failed (refused, no ports left, too many open files). */
  CONNECT,
  /** STARTTLS not offered when required, {@code <failure/>} to it, or the TLS handshake failed. */
  TLS,
  /** The chosen mechanism was not offered, SASL {@code <failure/>}, or a bad server signature. */
  AUTH,
  /** Resource binding failed or was not offered. */
  BIND,
  /** Not online within the login timeout. */
  TIMEOUT,
  /** The server sent a stream error. */
  STREAM_ERROR,
  /** The connection closed before the run ended (during login, or while online). */
  CLOSED,
  /** The server's XML was not well-formed or not what RFC 6120 requires at this point. */
  PROTOCOL
}
