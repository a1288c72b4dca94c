package io.switchboard.node.api;

import io.switchboard.node.http.HttpListener;
import io.switchboard.node.net.FailureThrottle;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.persistence.token.ApiToken;
import io.switchboard.protocol.util.Failures;
import io.switchboard.sharding.session.StanzaRouting;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the push API, version 1. Every request to an action goes through the same steps,
 * each with its own status: too many invalid tokens from the peer's address (429 with Retry-After,
 * before any lookup), bearer token (401), scope (403), the token's rate (429), body size
 * (413), content type (415), body validation (400 with the field at fault), then the action
 * (201 / 202, or 404 for an unknown pub-sub node, 403 when the node refuses, 503 when the service
 * does not answer). Errors are {@code {"error": "...", "field": "..."}}.
 *
 * <p>{@link #route()} can be combined with other routes on the node's HTTP port (WebSocket, BOSH).
 */
public final class ApiRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
  private static final String OPENAPI_RESOURCE = "openapi.json";

  private final ApiSettings settings;
  private final TokenAuthenticator tokens;
  private final RequestRateLimiter rates;
  private final FailureThrottle authFailures;
  private final ApiPubSub pubsub;
  private final StanzaRouting routing;
  private final Materializer materializer;
  private final byte[] openApi;
  private final ApiNodes nodes;
  private final WebSubCallback websub;
  private final ApiAdmin admin;
  private final ApiRooms rooms;

  public ApiRoutes(ApiSettings settings, io.switchboard.persistence.token.TokenStore tokenStore, ApiPubSub pubsub,
      StanzaRouting routing, Materializer materializer, Clock clock) {
    this(settings, tokenStore, pubsub, routing, materializer, clock, null);
  }

  /**
   * With the node operations ({@code pubsub} must then be an {@link IqApiPubSub}) and, when
   * {@code feeds} is not null, feed attachment, feed status and WebSub callbacks.
   */
  public ApiRoutes(ApiSettings settings, io.switchboard.persistence.token.TokenStore tokenStore, ApiPubSub pubsub,
      StanzaRouting routing, Materializer materializer, Clock clock, io.switchboard.sharding.feed.FeedService feeds) {
    this(settings, tokenStore, pubsub, routing, materializer, clock, feeds, null, Optional::empty);
  }

  /** And, when {@code admin} is not null, {@code /api/v1/admin} (accounts, sessions, announcements, rooms). */
  ApiRoutes(ApiSettings settings, io.switchboard.persistence.token.TokenStore tokenStore, ApiPubSub pubsub,
      StanzaRouting routing, Materializer materializer, Clock clock, io.switchboard.sharding.feed.FeedService feeds,
      io.switchboard.sharding.admin.AdminOperations admin,
      java.util.function.Supplier<Optional<io.switchboard.sharding.muc.MucService>> muc) {
    this.settings = settings;
    this.tokens = new TokenAuthenticator(tokenStore, settings.tokenCacheTtl(), settings.negativeCacheTtl(),
        settings.negativeCacheSize(), clock);
    this.authFailures = new FailureThrottle(settings.maxAuthFailuresPerIp(), settings.authFailureWindow(), 10_000,
        clock);
    this.rates = new RequestRateLimiter(settings.ratePerSecond(), settings.burst(), clock);
    this.pubsub = pubsub;
    this.routing = routing;
    this.materializer = materializer;
    this.openApi = loadOpenApi();
    this.nodes = pubsub instanceof IqApiPubSub iq
        ? new ApiNodes(iq.service(), iq.asker(), feeds, settings.publishTimeout()) : null;
    this.websub = feeds == null ? null : new WebSubCallback(feeds, settings.websubMaxBodyBytes(), materializer);
    this.admin = admin == null ? null : new ApiAdmin(admin);
    this.rooms = admin == null ? null : new ApiRooms(muc);
  }

  /** {@code /api/v1/...}; anything else under {@code /api} is a JSON 404 or 405. */
  public Route route() {
    return pathPrefix("api", () -> concat(
        pathPrefix("v1", () -> concat(
            path("openapi.json", () -> concat(
                get(() -> complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, openApi))),
                methodNotAllowed())),
            path("messages", () -> concat(
                post(() -> extractRequest(req -> completeWithFuture(handle(req, ApiScope.MESSAGES_SEND,
                    (token, body) -> sendMessage(token, req, body))))),
                methodNotAllowed())),
            path(PathMatchers.segment("pubsub").slash(PathMatchers.segment()).slash("items"), node -> concat(
                post(() -> parameterOptional("id", id -> extractRequest(req -> completeWithFuture(
                    handle(req, ApiScope.PUBSUB_PUBLISH, (token, body) -> publish(req, node, id, body)))))),
                get(() -> parameterOptional("max", max -> action(ApiScope.PUBSUB_READ, node,
                    (token, body) -> nodes.items(node, max)))),
                methodNotAllowed())),
            nodeRoutes(),
            adminRoutes(),
            path("feeds", () -> concat(
                get(() -> parameterOptional("url", url -> extractRequest(req -> completeWithFuture(
                    handle(req, ApiScope.PUBSUB_FEEDS, (token, body) -> url.isPresent()
                        ? nodes.feedStatus(url.get()) : nodes.allFeeds()))))),
                methodNotAllowed())))),
        complete(ApiError.of(StatusCodes.NOT_FOUND, "no such API resource").response())));
  }

  /**
   * WebSub callbacks ({@code /websub/<feed>/<subscription>}): no token (hubs have none); a
   * verification is confirmed only for a subscription waiting for it, content only with the
   * subscription's signature.
   */
  public Route websubRoute() {
    if (websub == null) {
      return reject();
    }
    return websub.route();
  }

  /** Node management: {@code /pubsub}, {@code /pubsub/{node}} and its sub-resources. */
  private Route nodeRoutes() {
    if (nodes == null) {
      return reject();
    }
    return concat(
        pathPrefix("pubsub", () -> pathEndOrSingleSlash(() -> concat(
            get(() -> extractRequest(req -> completeWithFuture(
                handle(req, ApiScope.PUBSUB_READ, (token, body) -> nodes.list())))),
            post(() -> extractRequest(req -> completeWithFuture(handle(req, ApiScope.PUBSUB_MANAGE,
                (token, body) -> isJson(req) ? nodes.create(body) : done(unsupportedType("application/json")))))),
            methodNotAllowed()))),
        path(PathMatchers.segment("pubsub").slash(PathMatchers.segment()), node -> concat(
            get(() -> action(ApiScope.PUBSUB_READ, node, (token, body) -> nodes.get(node))),
            patch(() -> extractRequest(req -> action(ApiScope.PUBSUB_MANAGE, node, (token, body) ->
                isJson(req) ? nodes.configure(node, body) : done(unsupportedType("application/json"))))),
            delete(() -> action(ApiScope.PUBSUB_MANAGE, node, (token, body) -> nodes.delete(node))),
            methodNotAllowed())),
        path(PathMatchers.segment("pubsub").slash(PathMatchers.segment()).slash("items")
            .slash(PathMatchers.segment()), (node, id) -> concat(
            get(() -> action(ApiScope.PUBSUB_READ, node, (token, body) -> nodes.item(node, id))),
            delete(() -> action(ApiScope.PUBSUB_PUBLISH, node, (token, body) -> nodes.retract(node, id))),
            methodNotAllowed())),
        path(PathMatchers.segment("pubsub").slash(PathMatchers.segment()).slash("subscriptions"), node -> concat(
            get(() -> action(ApiScope.PUBSUB_READ, node, (token, body) -> nodes.subscriptions(node))),
            methodNotAllowed())),
        path(PathMatchers.segment("pubsub").slash(PathMatchers.segment()).slash("affiliations"), node -> concat(
            get(() -> action(ApiScope.PUBSUB_READ, node, (token, body) -> nodes.affiliations(node))),
            methodNotAllowed())),
        path(PathMatchers.segment("pubsub").slash(PathMatchers.segment()).slash("feed"), node -> concat(
            get(() -> action(ApiScope.PUBSUB_READ, node, (token, body) -> nodes.feed(node))),
            put(() -> extractRequest(req -> action(ApiScope.PUBSUB_FEEDS, node, (token, body) ->
                isJson(req) ? nodes.attachFeed(node, body) : done(unsupportedType("application/json"))))),
            delete(() -> action(ApiScope.PUBSUB_FEEDS, node, (token, body) -> nodes.detachFeed(node))),
            methodNotAllowed())));
  }

  /**
   * {@code /admin/...}, scope {@code admin}: accounts, sessions, active/idle users, announcements,
   * the welcome message, the message of the day ({@link ApiAdmin}), rooms ({@link ApiRooms}).
   */
  private Route adminRoutes() {
    if (admin == null) {
      return reject();
    }
    return pathPrefix("admin", () -> concat(
        path("accounts", () -> concat(
            post(() -> adminAction((token, req, body) -> admin.createAccount(token, req, body))),
            methodNotAllowed())),
        path(PathMatchers.segment("accounts").slash(PathMatchers.segment()), jid -> concat(
            get(() -> adminAction((token, req, body) -> admin.account(jid))),
            delete(() -> adminAction((token, req, body) -> admin.deleteAccount(token, jid))),
            methodNotAllowed())),
        path(PathMatchers.segment("accounts").slash(PathMatchers.segment()).slash("password"), jid -> concat(
            put(() -> adminAction((token, req, body) -> admin.password(token, req, jid, body))),
            methodNotAllowed())),
        path(PathMatchers.segment("accounts").slash(PathMatchers.segment()).slash("disabled"), jid -> concat(
            put(() -> adminAction((token, req, body) -> admin.disabled(token, req, jid, body))),
            methodNotAllowed())),
        path("sessions", () -> concat(
            get(() -> adminAction((token, req, body) -> admin.sessions())),
            methodNotAllowed())),
        // A full JID's resource may hold '/': the rest of the path, decoded segment by segment.
        path(PathMatchers.segment("sessions").slash(PathMatchers.segments()), parts -> concat(
            delete(() -> adminAction((token, req, body) -> admin.endSessions(token, String.join("/", parts)))),
            methodNotAllowed())),
        path("announce", () -> concat(
            post(() -> adminAction((token, req, body) -> admin.announce(token, req, body))),
            methodNotAllowed())),
        // XEP-0133 get-active-users / get-idle-users and set-/delete-welcome.
        path(PathMatchers.segment("users").slash("active"), () -> concat(
            get(() -> adminAction((token, req, body) -> admin.users(false))),
            methodNotAllowed())),
        path(PathMatchers.segment("users").slash("idle"), () -> concat(
            get(() -> adminAction((token, req, body) -> admin.users(true))),
            methodNotAllowed())),
        path("welcome", () -> concat(
            get(() -> adminAction((token, req, body) -> admin.text(ApiAdmin.AdminText.WELCOME))),
            put(() -> adminAction((token, req, body) -> admin.setText(ApiAdmin.AdminText.WELCOME, token, req, body))),
            delete(() -> adminAction((token, req, body) -> admin.deleteText(ApiAdmin.AdminText.WELCOME, token))),
            methodNotAllowed())),
        // XEP-0133 set-motd/edit-motd (PUT) and delete-motd.
        path("motd", () -> concat(
            get(() -> adminAction((token, req, body) -> admin.text(ApiAdmin.AdminText.MOTD))),
            put(() -> adminAction((token, req, body) -> admin.setText(ApiAdmin.AdminText.MOTD, token, req, body))),
            delete(() -> adminAction((token, req, body) -> admin.deleteText(ApiAdmin.AdminText.MOTD, token))),
            methodNotAllowed())),
        path("rooms", () -> concat(
            get(() -> adminAction((token, req, body) -> rooms.list())),
            methodNotAllowed())),
        path(PathMatchers.segment("rooms").slash(PathMatchers.segment()), room -> concat(
            delete(() -> parameterOptional("reason", reason -> parameterOptional("alternate", alternate ->
                adminAction((token, req, body) -> rooms.destroy(token, room, reason.orElse(null), alternate.orElse(null)))))),
            methodNotAllowed()))));
  }

  /** An admin action after the common steps. */
  private interface AdminAction {
    CompletionStage<HttpResponse> run(ApiToken token, HttpRequest req, byte[] body);
  }

  private Route adminAction(AdminAction action) {
    return extractRequest(req -> completeWithFuture(handle(req, ApiScope.ADMIN,
        (token, body) -> action.run(token, req, body))));
  }

  /** The common steps, then {@code action} for a valid node name. */
  private Route action(ApiScope scope, String node, BiFunction<ApiToken, byte[], CompletionStage<HttpResponse>> action) {
    return extractRequest(req -> completeWithFuture(handle(req, scope, (token, body) ->
        ApiNodes.validNode(node) ? action.apply(token, body) : done(ApiNodes.badNode()))));
  }

  private Route methodNotAllowed() {
    return complete(ApiError.of(StatusCodes.METHOD_NOT_ALLOWED, "method not allowed").response());
  }

  // ---------------------------------------------------------------- the common steps

  private CompletionStage<HttpResponse> handle(HttpRequest req, ApiScope scope,
      BiFunction<ApiToken, byte[], CompletionStage<HttpResponse>> action) {
    Optional<String> authorization = req.getHeader("Authorization").map(HttpHeader::value);
    Optional<PeerAddresses.Key> peer = HttpListener.peer(req).map(PeerAddresses::key);
    if (peer.isPresent() && authorization.isPresent() && authFailures.blocked(peer.get())
        && tokens.cached(authorization).isEmpty()) {
      // Before any token lookup: guessing tokens from one address costs the node nothing but
      // 429s. A backend behind the same address whose token is in the cache goes on working.
      return done(ApiError.of(StatusCodes.TOO_MANY_REQUESTS,
              "too many requests with an invalid token from your address").response()
          .addHeader(RawHeader.create("Retry-After", Long.toString(authFailures.retryAfterSeconds(peer.get())))));
    }
    return tokens.authenticate(authorization).thenCompose(found -> {
      if (found.isEmpty()) {
        if (authorization.isPresent() && peer.isPresent()) {
          authFailures.recordFailure(peer.get());
        }
        return done(unauthorized(authorization.isPresent()));
      }
      ApiToken token = found.get();
      if (!token.allows(scope.wireName())) {
        return done(ApiError.of(StatusCodes.FORBIDDEN,
            "this token lacks the scope " + scope.wireName()).response());
      }
      long wait = rates.acquire(token.name());
      if (wait > 0) {
        return done(ApiError.of(StatusCodes.TOO_MANY_REQUESTS, "rate limit of this token exceeded").response()
            .addHeader(RawHeader.create("Retry-After", Long.toString(wait))));
      }
      return readBody(req).thenCompose(body -> body == null
          ? done(ApiError.of(StatusCodes.PAYLOAD_TOO_LARGE,
              "the body is larger than " + settings.maxBodyBytes() + " bytes").response())
          : action.apply(token, body));
    }).exceptionally(e -> {
      log.warn("API request {} {} failed: {}", req.method().value(), req.getUri().path(), e.toString());
      return ApiError.of(StatusCodes.INTERNAL_SERVER_ERROR, "internal error").response();
    });
  }

  private static HttpResponse unauthorized(boolean presented) {
    return ApiError.of(StatusCodes.UNAUTHORIZED, presented ? "invalid token" : "a bearer token is required")
        .response()
        .addHeader(RawHeader.create("WWW-Authenticate",
            presented ? "Bearer error=\"invalid_token\"" : "Bearer"));
  }

  /** The body, or null when it is larger than the limit. */
  private CompletionStage<byte[]> readBody(HttpRequest req) {
    HttpEntity entity = req.entity();
    if (entity.getContentLengthOption().isPresent()
        && entity.getContentLengthOption().getAsLong() > settings.maxBodyBytes()) {
      entity.discardBytes(materializer);
      return CompletableFuture.completedFuture(null);
    }
    return entity.withSizeLimit(settings.maxBodyBytes())
        .toStrict(Duration.ofSeconds(10).toMillis(), materializer)
        .<byte[]>thenApply(strict -> strict.getData().toArray())
        .exceptionally(e -> {
          Throwable cause = Failures.cause(e);
          if (cause instanceof EntityStreamSizeException) {
            return null;
          }
          throw new CompletionException(cause);
        });
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  // ---------------------------------------------------------------- actions

  private CompletionStage<HttpResponse> sendMessage(ApiToken token, HttpRequest req, byte[] body) {
    if (!isJson(req)) {
      return done(unsupportedType("application/json"));
    }
    MessageRequest m;
    try {
      m = MessageRequest.parse(body);
    } catch (JsonBody.Invalid e) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, e.field, e.getMessage()).response());
    }
    String id = UUID.randomUUID().toString();
    routing.route(m.toStanza(settings.sender(), id));
    log.debug("API token {} sent message {} to {}", token.name(), id, m.to());
    return done(JsonResponse.of(StatusCodes.ACCEPTED, java.util.Map.of("id", id)));
  }

  private CompletionStage<HttpResponse> publish(HttpRequest req, String node, Optional<String> itemId, byte[] body) {
    if (node.isEmpty() || node.length() > 1024) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "node", "the node name must be 1-1024 characters").response());
    }
    if (itemId.isPresent() && (itemId.get().isEmpty() || itemId.get().length() > 1024)) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "id", "the item id must be 1-1024 characters").response());
    }
    io.switchboard.protocol.xml.XmlElement payload;
    try {
      if (isJson(req)) {
        payload = PublishPayload.fromJson(body);
      } else if (isAtom(req)) {
        payload = PublishPayload.fromAtom(body);
      } else {
        return done(unsupportedType("application/json or application/atom+xml"));
      }
    } catch (PublishPayload.Invalid e) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "body", e.getMessage()).response());
    }
    return pubsub.publish(node, payload, itemId)
        .toCompletableFuture()
        .orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((result, err) -> {
          if (err != null) {
            Throwable cause = Failures.cause(err);
            if (cause instanceof TimeoutException) {
              return ApiError.of(StatusCodes.SERVICE_UNAVAILABLE, "the pub-sub service did not answer").response();
            }
            log.warn("API publish to {} failed: {}", node, cause.toString());
            return ApiError.of(StatusCodes.INTERNAL_SERVER_ERROR, "internal error").response();
          }
          if (result instanceof PublishResult.Published p) {
            return JsonResponse.of(StatusCodes.CREATED, java.util.Map.of("id", p.itemId()));
          }
          if (result == PublishResult.NodeNotFound.INSTANCE) {
            return ApiError.field(StatusCodes.NOT_FOUND, "node", "no such pub-sub node").response();
          }
          if (result instanceof PublishResult.Rejected r) {
            return ApiError.field(StatusCodes.BAD_REQUEST, "body",
                "the pub-sub service refused the item: " + r.condition()).response();
          }
          return ApiError.of(StatusCodes.FORBIDDEN, "the node does not accept publications from the API").response();
        });
  }

  static boolean isJson(HttpRequest req) {
    return req.entity().getContentType().mediaType().toString().equalsIgnoreCase("application/json");
  }

  private static boolean isAtom(HttpRequest req) {
    return req.entity().getContentType().mediaType().toString().equalsIgnoreCase("application/atom+xml");
  }

  static HttpResponse unsupportedType(String expected) {
    return ApiError.field(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "expected " + expected).response();
  }

  private static byte[] loadOpenApi() {
    try (InputStream in = ApiRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the OpenAPI document", e);
    }
  }
}
