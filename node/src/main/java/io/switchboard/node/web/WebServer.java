package io.switchboard.node.web;

import io.switchboard.node.api.ApiRoutes;
import io.switchboard.node.bosh.BoshEndpoint;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.node.websocket.WebSocketEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP port (Pekko HTTP), plain or with TLS ({@code switchboard.http.tls}, the node's
 * certificate): XMPP over WebSocket at {@code /xmpp-websocket}, BOSH at {@code /http-bind},
 * XEP-0156 discovery at {@code /.well-known/host-meta[.json]}, and the push API
 * ({@code /api/v1}, WebSub callbacks) when it is on. On shutdown it stops accepting, ends the
 * browser streams over the drain window, then finishes requests in flight.
 */
public final class WebServer extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  private final ServerBinding binding;
  private final Optional<WebSocketEndpoint> websocket;
  private final Optional<BoshEndpoint> bosh;
  private final ScheduledExecutorService timer;

  private WebServer(ServerBinding binding, Optional<WebSocketEndpoint> websocket, Optional<BoshEndpoint> bosh,
      ScheduledExecutorService timer) {
    this.binding = binding;
    this.websocket = websocket;
    this.bosh = bosh;
    this.timer = timer;
  }

  /** Binds {@code bind:port}; blocks until bound or failed. {@code api} is empty when the API is off. */
  public static WebServer start(WebSettings settings, Optional<ApiRoutes> api, StreamServices services, ServerTls tls,
      ActorSystem<?> system, String bind, int port) {
    return start(settings, api, List.of(), services, tls, system, bind, port);
  }

  /**
   * As above, with {@code others}: routes of other features served on the same port (HTTP upload's
   * {@code /upload/}), tried after the browser and API routes.
   */
  public static WebServer start(WebSettings settings, Optional<ApiRoutes> api, List<Route> others,
      StreamServices services, ServerTls tls, ActorSystem<?> system, String bind, int port) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "web-timer");
      t.setDaemon(true);
      return t;
    });
    try {
      Materializer materializer = Materializer.matFromSystem(system);
      Optional<WebSocketEndpoint> ws = settings.websocketEnabled()
          ? Optional.of(new WebSocketEndpoint(services, settings, materializer, system.executionContext(), timer,
              settings.tls()))
          : Optional.empty();
      Optional<BoshEndpoint> bosh = settings.boshEnabled()
          ? Optional.of(new BoshEndpoint(services, settings, materializer, timer, settings.tls()))
          : Optional.empty();
      WebServer routes = new WebServer(null, ws, bosh, timer);
      Route route = routes.route(settings, api, others);
      ServerSettings server = ServerSettings.create(system.classicSystem())
          .withRemoteAddressAttribute(true)
          .withBacklog(settings.backlog());
      server = server.withWebsocketSettings(server.getWebsocketSettings()
          .withPeriodicKeepAliveMode("ping")
          .withPeriodicKeepAliveMaxIdle(scala.concurrent.duration.Duration.fromNanos(settings.websocketPing().toNanos())));
      // A held BOSH request is quiet for up to max-wait; the connection must outlive it.
      Duration idle = settings.bosh().maxWait().plusSeconds(30);
      if (server.getTimeouts().idleTimeout().toMillis() < idle.toMillis()) {
        server = server.withTimeouts(server.getTimeouts().withIdleTimeout(
            scala.concurrent.duration.Duration.fromNanos(idle.toNanos())));
      }
      ServerBuilder builder = Http.get(system).newServerAt(bind, port).withSettings(server);
      if (settings.tls()) {
        builder = builder.enableHttps(ConnectionContext.httpsServer(() -> {
          try {
            return tls.newJdkServerEngine();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }));
      }
      ServerBinding binding = builder.bind(route).toCompletableFuture().join();
      log.info("HTTP port {} ({}): WebSocket {}, BOSH {}, API {}", binding.localAddress(),
          settings.tls() ? "TLS" : "plain", ws.isPresent() ? "/xmpp-websocket" : "off",
          bosh.isPresent() ? "/http-bind" : "off", api.isPresent() ? "/api/v1" : "off");
      return new WebServer(binding, ws, bosh, timer);
    } catch (RuntimeException e) {
      timer.shutdownNow();
      throw new IllegalStateException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private Route route(WebSettings settings, Optional<ApiRoutes> api, List<Route> others) {
    List<Route> routes = new ArrayList<>();
    if (settings.anyEnabled()) {
      routes.add(new HostMeta(settings, settings.tls()).route());
    }
    websocket.ifPresent(w -> routes.add(w.route()));
    bosh.ifPresent(b -> routes.add(b.route()));
    api.ifPresent(a -> {
      routes.add(a.websubRoute());
      routes.add(a.route());
    });
    routes.addAll(others);
    routes.add(complete(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND)
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "not found\n")));
    return concat(routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new));
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  /** Open browser streams on this node (WebSocket connections and BOSH sessions held here). */
  public int streamCount() {
    return websocket.map(WebSocketEndpoint::connectionCount).orElse(0) + bosh.map(BoshEndpoint::sessionCount).orElse(0);
  }

  /** Stops accepting connections (Coordinated Shutdown: service-unbind). */
  public CompletionStage<Done> unbind() {
    return binding.unbind();
  }

  /**
   * Ends every WebSocket stream and BOSH session with {@code <system-shutdown/>} spread over
   * {@code window}, then finishes the HTTP requests still in flight.
   */
  public CompletionStage<?> closeStreams(Duration window) {
    CompletableFuture<?> ws = websocket.map(w -> w.closeAll(window).toCompletableFuture())
        .orElse(CompletableFuture.completedFuture(null));
    CompletableFuture<?> b = bosh.map(x -> x.closeAll(window).toCompletableFuture())
        .orElse(CompletableFuture.completedFuture(null));
    return CompletableFuture.allOf(ws, b).thenCompose(x -> binding.terminate(Duration.ofSeconds(5)));
  }

  /** Releases the timer (Coordinated Shutdown: service-stop). */
  public void close() {
    timer.shutdownNow();
  }
}
