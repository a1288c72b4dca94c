package io.switchboard.node.api;

import io.switchboard.node.http.HttpListener;
import io.switchboard.node.http.HttpSettings;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.persistence.token.TokenStore;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The push API on the node's HTTP listener ({@link HttpListener}). */
public final class ApiServer {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /** What the API needs from the node. */
  public record Dependencies(
      ApiSettings settings, TokenStore tokens, ApiPubSub pubsub, StanzaRouting routing, ActorSystem<?> system,
      Clock clock, io.switchboard.sharding.feed.FeedService feeds,
      io.switchboard.sharding.admin.AdminOperations admin) {
    /** Without the admin routes. */
    public Dependencies(ApiSettings settings, TokenStore tokens, ApiPubSub pubsub, StanzaRouting routing,
        ActorSystem<?> system, Clock clock, io.switchboard.sharding.feed.FeedService feeds) {
      this(settings, tokens, pubsub, routing, system, clock, feeds, null);
    }

    /** Without feeds (no feed routes, no WebSub callbacks). */
    public Dependencies(ApiSettings settings, TokenStore tokens, ApiPubSub pubsub, StanzaRouting routing,
        ActorSystem<?> system, Clock clock) {
      this(settings, tokens, pubsub, routing, system, clock, null, null);
    }
  }

  private final HttpListener listener;

  private ApiServer(HttpListener listener) {
    this.listener = listener;
  }

  /** The routes alone, for a node that serves them together with others on one port. */
  public static ApiRoutes routes(Dependencies d) {
    return new ApiRoutes(d.settings(), d.tokens(), d.pubsub(), d.routing(),
        Materializer.matFromSystem(d.system()), d.clock(), d.feeds(), d.admin(),
        () -> io.switchboard.node.status.NodeStatus.get(d.system()).muc());
  }

  /**
   * Binds {@code bind:port} (0 = any free port), with TLS when {@code switchboard.http.tls} is on;
   * blocks until bound or failed.
   */
  public static ApiServer start(Dependencies d, String bind, int port) {
    com.typesafe.config.Config config = d.system().settings().config();
    Optional<ServerTls> tls = HttpSettings.fromConfig(config).tls()
        ? Optional.of(ServerTls.forNode(config)) : Optional.empty();
    ApiRoutes routes = routes(d);
    HttpListener listener = HttpListener.bind(d.system(), routes.websubRoute().orElse(routes.route()), bind, port, tls);
    log.info("HTTP API under /api/v1 on port {}", listener.port());
    return new ApiServer(listener);
  }

  /** The bound port. */
  public int port() {
    return listener.port();
  }

  /** Stops accepting connections (Coordinated Shutdown: service-unbind). */
  public CompletionStage<Done> unbind() {
    return listener.unbind();
  }

  /** Finishes requests in flight within {@code deadline}, then closes (service-requests-done). */
  public CompletionStage<?> terminate(Duration deadline) {
    return listener.terminate(deadline);
  }
}
