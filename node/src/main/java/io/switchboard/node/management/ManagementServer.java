package io.switchboard.node.management;

import io.switchboard.node.http.HttpListener;
import io.switchboard.node.net.FailureThrottle;
import io.switchboard.node.net.PeerAddresses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port: Pekko Management's routes (health checks, Cluster Bootstrap, cluster
 * management, {@code /switchboard/status}, and {@code /metrics} when metrics are on) served by our own listener instead of Pekko
 * Management's, so that only the health checks and bootstrap are open and the rest needs the
 * bearer token ({@link ManagementSettings}). Failed tokens are throttled per address (10 per
 * minute, then 429). Pekko Management's own {@code start()} is not used: it can only put the same
 * Basic authentication in front of every route, probes included.
 */
public final class ManagementServer extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

  /** First path segments served without a token. */
  static final Set<String> OPEN = Set.of("ready", "alive", "bootstrap");

  /**
   * The live cluster page's static files, exact paths: served without the token, as they hold no
   * data (the page asks for the token and sends it to {@code /switchboard/cluster}); off with the
   * other routes when admin is off.
   */
  static final Set<String> PAGE = Set.of("/", "/page/app.js", "/page/style.css");

  private final ManagementSettings settings;
  private final byte[] token;
  private final FailureThrottle failures = new FailureThrottle(10, Duration.ofMinutes(1), 10_000, Clock.systemUTC());

  private ManagementServer(ManagementSettings settings) {
    this.settings = settings;
    this.token = settings.token().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  /** Binds the management port of {@code system}'s node ({@code pekko.management.http.port}). */
  public static HttpListener start(ActorSystem<?> system) {
    return start(system, List.of());
  }

  /**
   * Binds the management port with {@code extra} routes of the node's own (such as
   * {@code /metrics}) next to Pekko Management's, behind the same token.
   */
  public static HttpListener start(ActorSystem<?> system, List<Route> extra) {
    ManagementSettings settings = ManagementSettings.fromConfig(system.settings().config());
    int port = system.settings().config().getInt("pekko.management.http.port");
    ManagementServer server = new ManagementServer(settings);
    Route all = PekkoManagement.get(system).getRoutes();
    for (Route route : extra) {
      all = server.concat(route, all);
    }
    HttpListener listener = HttpListener.bind(system, server.guard(all),
        settings.bind(), port, Optional.empty());
    log.info("Management on {}:{}: /ready, /alive and /bootstrap open; other routes {}", settings.bind(),
        listener.port(), settings.admin() == ManagementSettings.Admin.OFF ? "off" : "need the bearer token");
    return listener;
  }

  Route guard(Route inner) {
    return extractRequest(req -> extractUnmatchedPath(path -> {
      String first = firstSegment(path);
      if (OPEN.contains(first)) {
        return inner;
      }
      if (token == null) {
        return complete(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
      }
      if (PAGE.contains(path)) {
        return inner;
      }
      Optional<PeerAddresses.Key> peer = HttpListener.peer(req).map(PeerAddresses::key);
      if (peer.isPresent() && failures.blocked(peer.get())) {
        return complete(HttpResponse.create().withStatus(StatusCodes.TOO_MANY_REQUESTS)
            .addHeader(RawHeader.create("Retry-After", Long.toString(failures.retryAfterSeconds(peer.get())))));
      }
      if (authorized(req)) {
        return inner;
      }
      peer.ifPresent(failures::recordFailure);
      return complete(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
          .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"switchboard-management\"")));
    }));
  }

  private boolean authorized(HttpRequest req) {
    Optional<String> header = req.getHeader("Authorization").map(HttpHeader::value);
    if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = header.get().substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token);
  }

  static String firstSegment(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    int slash = p.indexOf('/');
    return slash < 0 ? p : p.substring(0, slash);
  }
}
