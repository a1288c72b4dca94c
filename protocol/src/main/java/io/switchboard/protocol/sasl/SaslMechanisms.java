package io.switchboard.protocol.sasl;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which SASL mechanisms a stream offers and the server mechanism for a client's choice. SCRAM is
 * offered strongest first; PLAIN only once TLS protects the stream (RFC 6120 §6.4.1 leaves the
 * list to policy; PLAIN without TLS would expose the password).
 */
public final class SaslMechanisms {
  /** Every mechanism Switchboard implements, in order of preference. */
  public static final List<String> ALL = List.of(
      ScramAlgorithm.SHA_512.mechanism(),
      ScramAlgorithm.SHA_256.mechanism(),
      ScramAlgorithm.SHA_1.mechanism(),
      PlainServer.MECHANISM);

  private final String domain;
  private final ScramDecoy decoy;
  private final Set<String> enabled;

  /**
   * @param enabled mechanism names to offer, a subset of {@link #ALL}
   * @throws IllegalArgumentException on an unknown mechanism name
   */
  public SaslMechanisms(String domain, ScramDecoy decoy, Set<String> enabled) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.decoy = Objects.requireNonNull(decoy, "decoy");
    for (String name : enabled) {
      if (!ALL.contains(name)) {
        throw new IllegalArgumentException("unknown SASL mechanism: " + name + " (known: " + ALL + ")");
      }
    }
    this.enabled = new LinkedHashSet<>(enabled);
  }

  /**
   * All mechanisms enabled, with a random decoy secret and the default iteration count: for tests
   * and single processes only, since unknown usernames then get another salt from every process.
   */
  public static SaslMechanisms defaults(String domain) {
    return defaults(domain, ScramDecoy.random(ScramCredentials.DEFAULT_ITERATIONS));
  }

  /** All mechanisms enabled, with {@code decoy} (one secret shared by the whole cluster). */
  public static SaslMechanisms defaults(String domain, ScramDecoy decoy) {
    return new SaslMechanisms(domain, decoy, Set.copyOf(ALL));
  }

  /** The mechanism names to advertise, in order of preference. */
  public List<String> offered(boolean tlsActive) {
    List<String> out = new ArrayList<>(ALL.size());
    for (String name : ALL) {
      if (enabled.contains(name) && (tlsActive || !name.equals(PlainServer.MECHANISM))) {
        out.add(name);
      }
    }
    return out;
  }

  /** {@code <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>} for the stream features. */
  public XmlElement feature(boolean tlsActive) {
    XmlElement.Builder b = XmlElement.builder("mechanisms", Namespaces.SASL);
    for (String name : offered(tlsActive)) {
      b.textChild("mechanism", name);
    }
    return b.build();
  }

  /**
   * The server mechanism for the client's {@code <auth mechanism='...'/>}. A mechanism that is not
   * offered gives one whose every step fails: encryption-required for PLAIN without TLS,
   * invalid-mechanism otherwise (RFC 6120 §6.4.2, §6.5).
   */
  public SaslServerMechanism start(String mechanism, boolean tlsActive) {
    String name = mechanism == null ? "" : mechanism;
    if (!offered(tlsActive).contains(name)) {
      boolean plainNeedsTls = name.equals(PlainServer.MECHANISM) && enabled.contains(name) && !tlsActive;
      return new RejectedMechanism(name,
          plainNeedsTls ? SaslFailureCondition.ENCRYPTION_REQUIRED : SaslFailureCondition.INVALID_MECHANISM);
    }
    if (name.equals(PlainServer.MECHANISM)) {
      return PlainServer.create(domain, decoy);
    }
    return ScramServer.create(ScramAlgorithm.byMechanism(name).orElseThrow(), domain, decoy);
  }
}
