package io.switchboard.bench.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, sent as the initial response. */
public final class PlainClient implements SaslClient {
  private final String username;
  private final String password;

  public PlainClient(String username, String password) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
  }

  @Override
  public String mechanismName() {
    return "PLAIN";
  }

  @Override
  public byte[] initialResponse() {
    return ("\u0000" + username + "\u0000" + password).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] respond(byte[] challenge) throws SaslClientException {
    throw new SaslClientException("PLAIN expects no challenge");
  }

  @Override
  public boolean verifySuccess(byte[] additionalData) {
    return true;
  }
}
