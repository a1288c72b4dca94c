package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.node.stream.StreamMetrics;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client streams' counters in a Micrometer registry.
 *
 * <p>The per-stanza and per-connection meters are registered up front and held in arrays indexed
 * by enum ordinal, so counting a stanza is an array read and a {@code DoubleAdder} increment: no
 * map look-up, no allocation, no lock. Logins and SASL failures (rare) find their meter in a map
 * keyed by mechanism; the mechanism is the client's own string, so only the names this server can
 * offer become label values, anything else is {@code other} (a client cannot grow the label set).
 */
final class StreamCounters implements StreamMetrics {
  /** Mechanism names kept as label values: those {@code SaslMechanisms} can offer. */
  static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256",
      "SCRAM-SHA-256-PLUS", "SCRAM-SHA-512", "SCRAM-SHA-512-PLUS",
      // XEP-0484 FAST token logins (over SASL2).
      "HT-SHA-256-NONE");
  static final String OTHER = "other";

  private final MeterRegistry registry;
  private final AtomicLong[] open = new AtomicLong[Transport.values().length];
  private final Counter[] in = new Counter[Kind.values().length];
  private final Counter[] out = new Counter[Kind.values().length];
  private final Counter[] streamErrors = new Counter[StreamErrorCondition.values().length];
  private final ConcurrentMap<String, Counter> logins = new ConcurrentHashMap<>();
  private final ConcurrentMap<Failure, Counter> saslFailures = new ConcurrentHashMap<>();
  private final Counter parked;
  private final Counter resumed;
  private final Counter overflow;
  private final Counter readsHeld;

  private record Failure(String mechanism, SaslFailureCondition condition) {}

  StreamCounters(MeterRegistry registry) {
    this.registry = registry;
    for (Transport t : Transport.values()) {
      AtomicLong n = new AtomicLong();
      open[t.ordinal()] = n;
      Gauge.builder("switchboard.client.streams", n, AtomicLong::get)
          .description("Client connections open on this node")
          .tag("transport", t.label())
          .register(registry);
    }
    for (Kind k : Kind.values()) {
      in[k.ordinal()] = stanzas(k, "in");
      out[k.ordinal()] = stanzas(k, "out");
    }
    for (StreamErrorCondition c : StreamErrorCondition.values()) {
      streamErrors[c.ordinal()] = Counter.builder("switchboard.stream.errors")
          .description("Stream errors sent to clients (RFC 6120 section 4.9)")
          .tag("condition", c.elementName())
          .register(registry);
    }
    parked = Counter.builder("switchboard.sm.parked")
        .description("XEP-0198 sessions parked after their connection was lost").register(registry);
    resumed = Counter.builder("switchboard.sm.resumed")
        .description("XEP-0198 sessions resumed on this node").register(registry);
    overflow = Counter.builder("switchboard.sm.overflow.closes")
        .description("Streams closed with policy-violation for too many unacknowledged stanzas (XEP-0198)")
        .register(registry);
    readsHeld = Counter.builder("switchboard.client.reads.held")
        .description("Times reading from a client was held because max-in-flight of its stanzas waited for the cluster")
        .register(registry);
  }

  private Counter stanzas(Kind k, String direction) {
    return Counter.builder("switchboard.client.stanzas")
        .description("Stanzas read from (in) and written to (out) bound client streams")
        .tag("direction", direction)
        .tag("kind", k.label())
        .register(registry);
  }

  static String mechanismLabel(String clientSaid) {
    return clientSaid != null && MECHANISMS.contains(clientSaid) ? clientSaid : OTHER;
  }

  @Override
  public void streamOpened(Transport transport) {
    open[transport.ordinal()].incrementAndGet();
  }

  @Override
  public void streamClosed(Transport transport) {
    open[transport.ordinal()].decrementAndGet();
  }

  @Override
  public void loginSucceeded(String mechanism) {
    logins.computeIfAbsent(mechanismLabel(mechanism), m -> Counter.builder("switchboard.logins")
        .description("Successful SASL authentications")
        .tag("mechanism", m)
        .register(registry)).increment();
  }

  @Override
  public void saslFailed(String mechanism, SaslFailureCondition condition) {
    saslFailures.computeIfAbsent(new Failure(mechanismLabel(mechanism), condition),
        f -> Counter.builder("switchboard.sasl.failures")
            .description("SASL failures sent to clients (RFC 6120 section 6.5)")
            .tag("mechanism", f.mechanism())
            .tag("reason", f.condition().elementName())
            .register(registry)).increment();
  }

  @Override
  public void streamError(StreamErrorCondition condition) {
    streamErrors[condition.ordinal()].increment();
  }

  @Override
  public void stanzaIn(Kind kind) {
    in[kind.ordinal()].increment();
  }

  @Override
  public void stanzaOut(Kind kind) {
    out[kind.ordinal()].increment();
  }

  @Override
  public void parked() {
    parked.increment();
  }

  @Override
  public void resumed() {
    resumed.increment();
  }

  @Override
  public void unackedOverflow() {
    overflow.increment();
  }

  @Override
  public void readsHeld() {
    readsHeld.increment();
  }
}
