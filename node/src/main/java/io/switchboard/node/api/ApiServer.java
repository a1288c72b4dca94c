package io.switchboard.node.api;

import io.switchboard.persistence.token.TokenStore;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP listener of the push API (Pekko HTTP). */
public final class ApiServer {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /** What the API needs from the node. */
  public record Dependencies(
      ApiSettings settings, TokenStore tokens, ApiPubSub pubsub, StanzaRouting routing, ActorSystem<?> system,
      Clock clock, io.switchboard.sharding.feed.FeedService feeds) {
    /** Without feeds (no feed routes, no WebSub callbacks). */
    public Dependencies(ApiSettings settings, TokenStore tokens, ApiPubSub pubsub, StanzaRouting routing,
        ActorSystem<?> system, Clock clock) {
      this(settings, tokens, pubsub, routing, system, clock, null);
    }
  }

  private final ServerBinding binding;

  private ApiServer(ServerBinding binding) {
    this.binding = binding;
  }

  /** The routes alone, for a node that serves them together with others on one port. */
  public static ApiRoutes routes(Dependencies d) {
    return new ApiRoutes(d.settings(), d.tokens(), d.pubsub(), d.routing(),
        Materializer.matFromSystem(d.system()), d.clock(), d.feeds());
  }

  /** Binds {@code bind:port} (0 = any free port); blocks until bound or failed. */
  public static ApiServer start(Dependencies d, String bind, int port) {
    ApiRoutes routes = routes(d);
    return bind(d.system(), routes.websubRoute().orElse(routes.route()), bind, port);
  }

  /**
   * Binds the node's HTTP port with {@code route}: the API's routes and whatever else the node
   * serves there (uploads, later WebSocket and BOSH). Blocks until bound or failed.
   */
  public static ApiServer bind(ActorSystem<?> system, Route route, String bind, int port) {
    ServerBinding binding;
    try {
      binding = Http.get(system).newServerAt(bind, port).bind(route).toCompletableFuture().join();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    log.info("HTTP port listening on {}", binding.localAddress());
    return new ApiServer(binding);
  }

  /** The bound port. */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** Stops accepting connections (Coordinated Shutdown: service-unbind). */
  public CompletionStage<Done> unbind() {
    return binding.unbind();
  }

  /** Finishes requests in flight within {@code deadline}, then closes (service-requests-done). */
  public CompletionStage<?> terminate(Duration deadline) {
    return binding.terminate(deadline);
  }
}
