package io.switchboard.node.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.switchboard.node.api.JsonResponse;
import java.time.Duration;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /switchboard/status} on the management port: this node's {@link StatusReport} as
 * JSON. Pekko Management loads it from {@code pekko.management.http.routes} (application.conf),
 * which names {@link Id}.
 */
public final class StatusRoutes extends AllDirectives implements ManagementRouteProvider {
  /** How long sharding regions get to report their shards and entities. */
  private static final Duration SHARDING_TIMEOUT = Duration.ofSeconds(3);

  private final NodeStatus status;

  StatusRoutes(NodeStatus status) {
    this.status = status;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return concat(
        path(PathMatchers.segment("switchboard").slash("status"), () ->
            get(() -> completeWithFuture(status.report(SHARDING_TIMEOUT).thenApply(StatusRoutes::toResponse)))),
        // Every attached feed (./switchboard feed list): URL, targets, last fetch and error.
        path(PathMatchers.segment("switchboard").slash("feeds"), () ->
            get(() -> completeWithFuture(status.feeds().handle((feeds, e) -> e == null
                ? JsonResponse.ok(feeds)
                : JsonResponse.error(StatusCodes.SERVICE_UNAVAILABLE, String.valueOf(e.getMessage())))))));
  }

  static HttpResponse toResponse(StatusReport report) {
    return JsonResponse.ok(report);
  }

  /** The JSON body; its field names are what {@code bin/status} reads. */
  static byte[] toJson(StatusReport report) throws JsonProcessingException {
    return JsonResponse.bytes(report);
  }

  /** The id Pekko Management instantiates (public, no-argument constructor). */
  public static final class Id extends AbstractExtensionId<StatusRoutes> implements ExtensionIdProvider {
    @Override
    public Id lookup() {
      return this;
    }

    @Override
    public StatusRoutes createExtension(ExtendedActorSystem system) {
      return new StatusRoutes(NodeStatus.get(system));
    }
  }
}
