package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.node.s2s.S2sMetrics;
import io.switchboard.protocol.error.StreamErrorCondition;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-to-server streams' meters (issue #21): streams open and opened per direction,
 * domain pairs authenticated per direction and method, stanzas per direction, and stream errors
 * this node sent on incoming streams by condition. Every label value is fixed, so all meters are
 * registered up front and counting is a field read and an increment.
 */
final class S2sCounters implements S2sMetrics {
  static final List<String> DIRECTIONS = List.of("in", "out");

  private final Direction in;
  private final Direction out;
  private final Counter[] streamErrors = new Counter[StreamErrorCondition.values().length];

  /** The meters of one direction. */
  private static final class Direction {
    final AtomicLong open = new AtomicLong();
    final Counter opened;
    final Counter external;
    final Counter dialback;
    final Counter stanzas;

    Direction(MeterRegistry registry, String direction) {
      Gauge.builder("switchboard.s2s.streams", open, AtomicLong::get)
          .description("Server-to-server streams open on this node")
          .tag("direction", direction)
          .register(registry);
      opened = Counter.builder("switchboard.s2s.streams.opened")
          .description("Server-to-server streams opened (in: connections accepted; out: streams connected)")
          .tag("direction", direction).register(registry);
      external = auth(registry, direction, EXTERNAL);
      dialback = auth(registry, direction, DIALBACK);
      stanzas = Counter.builder("switchboard.s2s.stanzas")
          .description("Stanzas accepted on incoming (in) and written to outgoing (out) server-to-server streams")
          .tag("direction", direction).register(registry);
    }

    private static Counter auth(MeterRegistry registry, String direction, String auth) {
      return Counter.builder("switchboard.s2s.authentications")
          .description("Domain pairs authenticated on server-to-server streams, by method")
          .tag("direction", direction)
          .tag("auth", auth)
          .register(registry);
    }
  }

  S2sCounters(MeterRegistry registry) {
    this.in = new Direction(registry, "in");
    this.out = new Direction(registry, "out");
    for (StreamErrorCondition c : StreamErrorCondition.values()) {
      streamErrors[c.ordinal()] = Counter.builder("switchboard.s2s.stream.errors")
          .description("Stream errors this node sent on incoming server-to-server streams (RFC 6120 section 4.9)")
          .tag("condition", c.elementName())
          .register(registry);
    }
  }

  private Direction of(String direction) {
    return "in".equals(direction) ? in : out;
  }

  @Override
  public void opened(String direction) {
    Direction d = of(direction);
    d.open.incrementAndGet();
    d.opened.increment();
  }

  @Override
  public void closed(String direction) {
    of(direction).open.decrementAndGet();
  }

  @Override
  public void authenticated(String direction, String auth) {
    Direction d = of(direction);
    (EXTERNAL.equals(auth) ? d.external : d.dialback).increment();
  }

  @Override
  public void stanza(String direction) {
    of(direction).stanzas.increment();
  }

  @Override
  public void streamError(StreamErrorCondition condition) {
    streamErrors[condition.ordinal()].increment();
  }
}
