package io.switchboard.node.http;

import io.switchboard.node.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP port (Pekko HTTP): one listener for every route served there (the push API now;
 * WebSocket and BOSH join the same {@link Route} later), plain or with TLS. Requests carry the
 * peer's socket address as an attribute ({@link #peer}), never taken from a header a client can
 * forge, so per-address limits count the real peer.
 */
public final class HttpListener {
  private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

  private final ServerBinding binding;

  private HttpListener(ServerBinding binding) {
    this.binding = binding;
  }

  /** Binds {@code host:port} (0 = any free port); with {@code tls}, HTTPS. Blocks until bound. */
  public static HttpListener bind(ActorSystem<?> system, Route route, String host, int port, Optional<ServerTls> tls) {
    ServerBuilder builder = Http.get(system).newServerAt(host, port)
        .adaptSettings(s -> s.withRemoteAddressAttribute(true));
    if (tls.isPresent()) {
      ServerTls t = tls.get();
      builder = builder.enableHttps(ConnectionContext.httpsServer(() -> {
        try {
          return t.newJdkServerEngine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    ServerBinding binding;
    try {
      binding = builder.bind(route).toCompletableFuture().join();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    log.info("HTTP{} listening on {}", tls.isPresent() ? "S" : "", binding.localAddress());
    return new HttpListener(binding);
  }

  /** The peer's IP address of a request (empty only for requests not from this listener). */
  public static Optional<InetAddress> peer(HttpRequest request) {
    return request.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress);
  }

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
