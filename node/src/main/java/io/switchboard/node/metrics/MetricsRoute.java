package io.switchboard.node.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics}: the Prometheus text exposition. Served on the management port behind its
 * bearer token ({@code ManagementServer} guards every route but the probes); Prometheus sends the
 * token with {@code authorization: {type: Bearer, credentials_file: ...}} in its scrape config.
 */
public final class MetricsRoute extends AllDirectives {
  /** Prometheus' text format 0.0.4. */
  static final ContentType TEXT_004 = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final NodeMetrics metrics;

  private MetricsRoute(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  /** The route, or none when metrics are off (then {@code /metrics} is a 404 like any unknown path). */
  public static Optional<Route> of(NodeMetrics metrics) {
    return metrics.enabled() ? Optional.of(new MetricsRoute(metrics).route()) : Optional.empty();
  }

  /** extractRequest makes the response per request (a bare complete(...) would be built once). */
  private Route route() {
    return path("metrics", () -> get(() -> extractRequest(req -> complete(
        metrics.scrape()
            .map(text -> HttpResponse.create().withEntity(
                HttpEntities.create(TEXT_004, text.getBytes(StandardCharsets.UTF_8))))
            .orElseGet(() -> HttpResponse.create().withStatus(StatusCodes.NOT_FOUND))))));
  }
}
