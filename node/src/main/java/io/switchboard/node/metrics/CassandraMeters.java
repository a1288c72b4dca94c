package io.switchboard.node.metrics;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Timer;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metrics.DefaultSessionMetric;
import com.datastax.oss.driver.api.core.metrics.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The Cassandra driver's own session metrics in the node's registry, with a {@code session}
 * label ({@code store}: the node's stores; {@code journal}: pekko-persistence-cassandra's
 * journal and snapshots). The driver keeps them in its Dropwizard registry (its built-in
 * metrics; the Micrometer module {@code java-driver-metrics-micrometer} is not used), enabled by
 * {@code datastax-java-driver.advanced.metrics.session.enabled} in the node's reference.conf;
 * these meters read them at scrape time, so the request path pays only the driver's own
 * recording. A metric the driver does not keep (disabled in its config) is not registered.
 */
final class CassandraMeters {
  /**
   * Percentiles of the driver's request-latency histogram exposed as gauges, labelled
   * {@code percentile} (not {@code quantile}, which Prometheus reserves for summaries).
   */
  private static final int[] PERCENTILES = {50, 99};

  private CassandraMeters() {}

  static void bind(MeterRegistry registry, String session, CqlSession cql) {
    Optional<Metrics> metrics = cql.getMetrics();
    if (metrics.isEmpty()) {
      return;
    }
    Metrics m = metrics.get();
    m.<com.codahale.metrics.Gauge<Integer>>getSessionMetric(DefaultSessionMetric.CONNECTED_NODES).ifPresent(g ->
        Gauge.builder("switchboard.cassandra.connected.nodes", g, x -> number(x.getValue()))
            .description("Cassandra nodes the driver has a connection to").tag("session", session)
            .register(registry));
    m.<Timer>getSessionMetric(DefaultSessionMetric.CQL_REQUESTS).ifPresent(t -> {
      FunctionCounter.builder("switchboard.cassandra.requests", t, Counting::getCount)
          .description("CQL requests completed by the driver (its cql-requests timer)").tag("session", session)
          .register(registry);
      for (int p : PERCENTILES) {
        Gauge.builder("switchboard.cassandra.request.latency", t, x -> x.getSnapshot().getValue(p / 100.0) / 1e9)
            .description("CQL request latency percentile over the driver's last refresh-interval window (cql-requests)")
            .baseUnit("seconds").tag("session", session).tag("percentile", Integer.toString(p))
            .register(registry);
      }
    });
    m.<com.codahale.metrics.Counter>getSessionMetric(DefaultSessionMetric.CQL_CLIENT_TIMEOUTS).ifPresent(c ->
        FunctionCounter.builder("switchboard.cassandra.client.timeouts", c, Counting::getCount)
            .description("CQL requests that timed out on the client side (cql-client-timeouts)")
            .tag("session", session).register(registry));
  }

  private static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
