package io.switchboard.protocol.sasl;

import java.util.Optional;

/**
 * The TLS channel binding types SCRAM-*-PLUS can bind to (RFC 5056), by their IANA names, in
 * order of preference. {@code tls-unique} is not among them: RFC 9266 §1 retires it for TLS 1.3.
 */
public enum ChannelBindingType {
  /** RFC 9266: the TLS exporter with label "EXPORTER-Channel-Binding", no context, 32 bytes. */
  TLS_EXPORTER("tls-exporter"),
  /** RFC 5929 §4: a hash of the server's certificate. */
  TLS_SERVER_END_POINT("tls-server-end-point");

  private final String ianaName;

  ChannelBindingType(String ianaName) {
    this.ianaName = ianaName;
  }

  /** The name a client puts after "p=" in its gs2 header (RFC 5802 §7 cb-name). */
  public String ianaName() {
    return ianaName;
  }

  public static Optional<ChannelBindingType> byName(String name) {
    for (ChannelBindingType t : values()) {
      if (t.ianaName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
