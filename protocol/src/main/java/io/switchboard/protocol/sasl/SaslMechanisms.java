package io.switchboard.protocol.sasl;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which SASL mechanisms a stream offers and the server mechanism for a client's choice. SCRAM is
 * offered strongest first, the -PLUS variants (channel binding, RFC 5802 §6) ahead of the others
 * and only on a connection that can give a channel binding; PLAIN only once TLS protects the
 * stream (RFC 6120 §6.4.1 leaves the list to policy; PLAIN without TLS would expose the password).
 */
public final class SaslMechanisms {
  /** The -PLUS mechanisms, strongest first. */
  public static final List<String> PLUS = List.of(
      plus(ScramAlgorithm.SHA_512), plus(ScramAlgorithm.SHA_256), plus(ScramAlgorithm.SHA_1));

  /** Every mechanism Switchboard implements, in order of preference. */
  public static final List<String> ALL = List.of(
      PLUS.get(0), PLUS.get(1), PLUS.get(2),
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

  /** All mechanisms but the -PLUS ones: no channel binding is offered, and a "y" flag is accepted. */
  public static SaslMechanisms withoutChannelBinding(String domain, ScramDecoy decoy) {
    Set<String> names = new LinkedHashSet<>(ALL);
    names.removeAll(PLUS);
    return new SaslMechanisms(domain, decoy, names);
  }

  /** The SASL name of {@code algorithm}'s channel-binding variant, e.g. "SCRAM-SHA-256-PLUS". */
  public static String plus(ScramAlgorithm algorithm) {
    return algorithm.mechanism() + "-PLUS";
  }

  /** The mechanism names to advertise on a stream without channel binding, in order of preference. */
  public List<String> offered(boolean tlsActive) {
    return offered(tlsActive, ChannelBindings.NONE);
  }

  /** The mechanism names to advertise, in order of preference. */
  public List<String> offered(boolean tlsActive, ChannelBindings bindings) {
    boolean plusOffered = offersPlus(bindings);
    List<String> out = new ArrayList<>(ALL.size());
    for (String name : ALL) {
      boolean isPlus = PLUS.contains(name);
      if (enabled.contains(name) && (tlsActive || !name.equals(PlainServer.MECHANISM)) && (!isPlus || plusOffered)) {
        out.add(name);
      }
    }
    return out;
  }

  /** Whether -PLUS mechanisms are offered on a connection with {@code bindings}. */
  public boolean offersPlus(ChannelBindings bindings) {
    return !bindings.isEmpty() && PLUS.stream().anyMatch(enabled::contains);
  }

  /** {@code <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>} for a stream without channel binding. */
  public XmlElement feature(boolean tlsActive) {
    return feature(tlsActive, ChannelBindings.NONE);
  }

  /** {@code <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>} for the stream features. */
  public XmlElement feature(boolean tlsActive, ChannelBindings bindings) {
    XmlElement.Builder b = XmlElement.builder("mechanisms", Namespaces.SASL);
    for (String name : offered(tlsActive, bindings)) {
      b.textChild("mechanism", name);
    }
    return b.build();
  }

  /**
   * XEP-0440's {@code <sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>} stream feature: the
   * channel binding types this connection supports; empty when no -PLUS mechanism is offered.
   */
  public Optional<XmlElement> channelBindingFeature(ChannelBindings bindings) {
    if (!offersPlus(bindings)) {
      return Optional.empty();
    }
    XmlElement.Builder b = XmlElement.builder("sasl-channel-binding", Namespaces.SASL_CHANNEL_BINDING);
    for (ChannelBindingType type : bindings.types()) {
      b.child(XmlElement.builder("channel-binding", Namespaces.SASL_CHANNEL_BINDING).attr("type", type.ianaName()));
    }
    return Optional.of(b.build());
  }

  /** The server mechanism for a stream without channel binding; see {@link #start(String, boolean, ChannelBindings)}. */
  public SaslServerMechanism start(String mechanism, boolean tlsActive) {
    return start(mechanism, tlsActive, ChannelBindings.NONE);
  }

  /**
   * The server mechanism for the client's {@code <auth mechanism='...'/>}. A mechanism that is not
   * offered gives one whose every step fails: encryption-required for PLAIN without TLS,
   * invalid-mechanism otherwise (RFC 6120 §6.4.2, §6.5). A SCRAM mechanism learns whether -PLUS
   * was offered on this stream, so that it can refuse a client that says "y" (RFC 5802 §6).
   */
  public SaslServerMechanism start(String mechanism, boolean tlsActive, ChannelBindings bindings) {
    String name = mechanism == null ? "" : mechanism;
    if (!offered(tlsActive, bindings).contains(name)) {
      boolean plainNeedsTls = name.equals(PlainServer.MECHANISM) && enabled.contains(name) && !tlsActive;
      return new RejectedMechanism(name,
          plainNeedsTls ? SaslFailureCondition.ENCRYPTION_REQUIRED : SaslFailureCondition.INVALID_MECHANISM);
    }
    if (name.equals(PlainServer.MECHANISM)) {
      return PlainServer.create(domain, decoy);
    }
    boolean isPlus = PLUS.contains(name);
    ScramAlgorithm algorithm = ScramAlgorithm.byMechanism(isPlus ? name.substring(0, name.length() - 5) : name)
        .orElseThrow();
    return ScramServer.create(algorithm, domain, decoy,
        isPlus ? bindings : ChannelBindings.NONE, isPlus, offersPlus(bindings));
  }
}
