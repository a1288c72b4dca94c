package io.switchboard.protocol.sasl;

import java.util.Optional;

/** A mechanism that is not offered: every step fails with the given condition. */
final class RejectedMechanism implements SaslServerMechanism {
  private final String name;
  private final SaslStep.Failure failure;

  RejectedMechanism(String name, SaslFailureCondition condition) {
    this.name = name;
    this.failure = SaslStep.Failure.of(condition);
  }

  @Override
  public String mechanismName() {
    return name;
  }

  @Override
  public SaslStep start(Optional<byte[]> initialResponse) {
    return failure;
  }

  @Override
  public SaslStep respond(byte[] response) {
    return failure;
  }

  @Override
  public SaslStep credentials(Optional<ScramCredential> credential) {
    throw new IllegalStateException("no credentials were asked for");
  }
}
