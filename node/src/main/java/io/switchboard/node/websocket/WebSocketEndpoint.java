package io.switchboard.node.websocket;

import io.switchboard.node.stream.ActorWiring;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.web.AddressLimit;
import io.switchboard.node.web.OriginPolicy;
import io.switchboard.node.web.Peer;
import io.switchboard.node.web.WebSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /xmpp-websocket} (RFC 7395) on the node's HTTP port: the upgrade, with the {@code xmpp}
 * subprotocol required (§3.1), the page's Origin checked against the allow-list (403), the
 * per-address connection limit (429), then one {@link WebSocketConnection} per socket. A plain
 * GET is answered 426 Upgrade Required.
 */
public final class WebSocketEndpoint extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);
  public static final String PATH = "xmpp-websocket";
  static final String SUBPROTOCOL = "xmpp";

  private final WebSocketContext ctx;
  private final OriginPolicy origins;
  private final boolean listenerTls;

  public WebSocketEndpoint(StreamServices services, WebSettings settings, Materializer materializer, Executor pool,
      ScheduledExecutorService timer, boolean listenerTls) {
    this.ctx = new WebSocketContext(services, ActorWiring.of(services), settings, materializer, pool, timer,
        new WebSocketConnections(), new AddressLimit(services.settings().maxConnectionsPerIp()));
    this.origins = new OriginPolicy(settings.allowedOrigins());
    this.listenerTls = listenerTls;
  }

  public Route route() {
    return path(PATH, () -> extractRequest(req -> complete(upgrade(req))));
  }

  private HttpResponse upgrade(HttpRequest req) {
    Optional<WebSocketUpgrade> upgrade = req.getAttribute(AttributeKeys.webSocketUpgrade);
    if (upgrade.isEmpty()) {
      return text(StatusCodes.UPGRADE_REQUIRED, "XMPP over WebSocket (RFC 7395): connect with the 'xmpp' subprotocol")
          .addHeader(RawHeader.create("Upgrade", "websocket"));
    }
    Peer peer = Peer.of(req, listenerTls, ctx.settings().front());
    Optional<String> origin = req.getHeader("Origin").map(HttpHeader::value);
    if (!origins.allows(origin, req.getHeader("Host").map(HttpHeader::value))) {
      log.info("WebSocket from {} refused: origin {} is not allowed", peer.describe(), origin.orElse(""));
      return text(StatusCodes.FORBIDDEN, "this origin is not allowed (switchboard.web.allowed-origins)");
    }
    boolean xmpp = StreamSupport.stream(upgrade.get().getRequestedProtocols().spliterator(), false)
        .anyMatch(p -> p.trim().equals(SUBPROTOCOL));
    if (!xmpp) {
      return text(StatusCodes.BAD_REQUEST, "the 'xmpp' WebSocket subprotocol is required (RFC 7395 §3.1)");
    }
    if (!ctx.addresses().acquire(peer.address())) {
      log.info("WebSocket from {} refused: too many connections from that address", peer.describe());
      return text(StatusCodes.TOO_MANY_REQUESTS, "too many connections from your address");
    }
    WebSocketConnection c = WebSocketConnection.open(ctx, peer);
    return upgrade.get().handleMessagesWith(c.takeFlow(), SUBPROTOCOL);
  }

  /** Open WebSocket streams on this node. */
  public int connectionCount() {
    return ctx.connections().count();
  }

  /** Node shutdown: every stream ends, spread over {@code window}. */
  public CompletionStage<Void> closeAll(Duration window) {
    return ctx.connections().closeAll(window, ctx.timer());
  }

  private static HttpResponse text(StatusCode status, String message) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.TEXT_PLAIN_UTF8, message + "\n");
  }
}
