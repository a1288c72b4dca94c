package io.switchboard.node.bosh;

import io.switchboard.node.cluster.ClusterSettings;
import io.switchboard.node.stream.ActorWiring;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.web.AddressLimit;
import io.switchboard.node.web.OriginPolicy;
import io.switchboard.node.web.Peer;
import io.switchboard.node.web.WebSettings;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.FragmentParser;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /http-bind} (XEP-0124, XEP-0206) on the node's HTTP port. Each POST's body is parsed here
 * (restricted XML, {@code max-body-bytes}: 413) and handed to its session's actor: a body without
 * {@code sid} creates a session on this node; a body with one goes to the node its sid names,
 * through the cluster, whichever node the load balancer picked for the HTTP request. The session's
 * answer becomes the HTTP response. CORS (preflight and headers) for the allowed origins; a page
 * of any other origin is refused (403).
 */
public final class BoshEndpoint extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(BoshEndpoint.class);
  public static final String PATH = "http-bind";
  private static final ContentType XML = ContentTypes.create(MediaTypes.TEXT_XML, org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8);

  private final BoshContext ctx;
  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final OriginPolicy origins;
  private final boolean listenerTls;
  private final WebSettings settings;
  private final DecoderLimits bodyLimits;
  private final Duration askTimeout;

  public BoshEndpoint(StreamServices services, WebSettings settings, Materializer materializer,
      ScheduledExecutorService timer, boolean listenerTls) {
    this.ctx = new BoshContext(services, ActorWiring.of(services), settings.bosh(), timer, new BoshSessions(),
        new AddressLimit(services.settings().maxConnectionsPerIp()));
    this.system = services.system();
    this.materializer = materializer;
    this.origins = new OriginPolicy(settings.allowedOrigins());
    this.listenerTls = listenerTls;
    this.settings = settings;
    DecoderLimits stanza = services.settings().decoderLimits();
    // The body wraps the stanzas: one level deeper, and as large as the body may be.
    this.bodyLimits = new DecoderLimits(Math.max(1024, settings.bosh().maxBodyBytes()), stanza.maxDepth() + 1,
        stanza.maxAttributes(), stanza.maxAttributeValueChars());
    this.askTimeout = settings.bosh().maxWait().plusSeconds(10);
  }

  /** The longest a BOSH request may be held, plus margin: the HTTP request timeout for this path. */
  public Duration requestTimeout() {
    return askTimeout.plusSeconds(5);
  }

  public Route route() {
    return path(PATH, () -> extractRequest(req -> {
      Optional<String> origin = req.getHeader("Origin").map(HttpHeader::value);
      Optional<String> host = req.getHeader("Host").map(HttpHeader::value);
      if (!origins.allows(origin, host)) {
        return complete(cors(text(StatusCodes.FORBIDDEN, "this origin is not allowed (switchboard.web.allowed-origins)"),
            Optional.empty()));
      }
      Optional<String> allow = origins.corsOrigin(origin, host);
      return concat(
          options(() -> complete(cors(HttpResponse.create().withStatus(StatusCodes.OK), allow)
              .addHeader(RawHeader.create("Access-Control-Allow-Methods", "POST, OPTIONS"))
              .addHeader(RawHeader.create("Access-Control-Allow-Headers", "Content-Type"))
              .addHeader(RawHeader.create("Access-Control-Max-Age", "86400")))),
          post(() -> withRequestTimeout(scala.concurrent.duration.Duration.fromNanos(requestTimeout().toNanos()), () ->
              completeWithFuture(handle(req).thenApply(r -> cors(r, allow))))),
          complete(cors(text(StatusCodes.METHOD_NOT_ALLOWED, "BOSH (XEP-0124): POST a <body/>")
              .addHeader(RawHeader.create("Allow", "POST, OPTIONS")), allow)));
    }));
  }

  private CompletionStage<HttpResponse> handle(HttpRequest req) {
    Peer peer = Peer.of(req, listenerTls, settings.front());
    int max = settings.bosh().maxBodyBytes();
    HttpEntity entity = req.entity();
    if (entity.getContentLengthOption().isPresent() && entity.getContentLengthOption().getAsLong() > max) {
      entity.discardBytes(materializer);
      return done(text(StatusCodes.PAYLOAD_TOO_LARGE, "the body is larger than " + max + " bytes"));
    }
    return entity.withSizeLimit(max).toStrict(10_000, materializer)
        .thenCompose(strict -> onBody(strict.getData().toArray(), peer))
        .exceptionally(e -> {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          if (cause instanceof org.apache.pekko.http.scaladsl.model.EntityStreamSizeException) {
            return text(StatusCodes.PAYLOAD_TOO_LARGE, "the body is larger than " + max + " bytes");
          }
          log.warn("BOSH request from {} failed: {}", peer.describe(), cause.toString());
          return xml(StatusCodes.INTERNAL_SERVER_ERROR, BoshResponses.terminate("internal-server-error"));
        });
  }

  private CompletionStage<HttpResponse> onBody(byte[] bytes, Peer peer) {
    FragmentParser.Result parsed = FragmentParser.parse(bytes, bodyLimits);
    if (!(parsed instanceof FragmentParser.Parsed p) || !BoshBody.isBody(p.element())) {
      // XEP-0124 §17.1: the body cannot be read (HTTP 400 with the terminal condition too).
      return done(xml(StatusCodes.BAD_REQUEST, BoshResponses.terminate("bad-request")));
    }
    BoshBody body = new BoshBody(p.element());
    if (body.rid().isEmpty()) {
      return done(xml(StatusCodes.BAD_REQUEST, BoshResponses.terminate("bad-request")));
    }
    if (body.sid().isEmpty()) {
      return create(body, peer);
    }
    Optional<SessionId> sid = SessionId.parse(body.sid().get());
    if (sid.isEmpty()) {
      return done(ok(BoshResponses.terminate("item-not-found")));
    }
    return session(sid.get()).map(ref -> ask(ref, body, peer))
        .orElseGet(() -> done(ok(BoshResponses.terminate("item-not-found"))));
  }

  /** XEP-0124 §7.1: a new session on this node. */
  private CompletionStage<HttpResponse> create(BoshBody body, Peer peer) {
    if (body.to().isEmpty() || body.malformed("wait") || body.malformed("hold")) {
      return done(xml(StatusCodes.BAD_REQUEST, BoshResponses.terminate("bad-request")));
    }
    if (!ctx.addresses().acquire(peer.address())) {
      return done(ok(BoshResponses.terminate("policy-violation")));
    }
    Address self = Cluster.get(system).selfMember().address();
    SessionId sid = SessionId.create(self.getHost().orElse("127.0.0.1"), (Integer) self.getPort().orElse(0));
    ActorRef<BoshSession.Command> ref = system.systemActorOf(BoshSession.create(ctx, sid, peer), sid.actorName(),
        Props.empty());
    ctx.sessions().add(sid.token(), ref);
    return ask(ref, body, peer);
  }

  /** The session's actor: here, or on the cluster member the sid names; empty when there is none. */
  private Optional<ActorRef<BoshSession.Command>> session(SessionId sid) {
    Address self = Cluster.get(system).selfMember().address();
    if (self.getHost().orElse("").equals(sid.host()) && (Integer) self.getPort().orElse(-1) == sid.port()) {
      return ctx.sessions().get(sid.token());
    }
    for (Member m : Cluster.get(system).state().getMembers()) {
      Address a = m.address();
      if (a.getHost().orElse("").equals(sid.host()) && (Integer) a.getPort().orElse(-1) == sid.port()
          && (m.status() == MemberStatus.up() || m.status() == MemberStatus.leaving()
              || m.status() == MemberStatus.weaklyUp())) {
        String path = a + "/system/" + sid.actorName();
        return Optional.of(ActorRefResolver.get(system).resolveActorRef(path));
      }
    }
    return Optional.empty();
  }

  private CompletionStage<HttpResponse> ask(ActorRef<BoshSession.Command> ref, BoshBody body, Peer peer) {
    CompletionStage<BoshSession.Reply> reply = AskPattern.ask(ref,
        replyTo -> new BoshSession.Request(body.element(), peer.secure(), replyTo), askTimeout, system.scheduler());
    return reply.handle((r, err) -> {
      if (err != null) {
        log.info("BOSH request for a session on {} unanswered: {}", ref.path().address(), err.toString());
        return ok(BoshResponses.terminate("remote-connection-failed"));
      }
      return xml(StatusCodes.get(r.status()), r.body());
    });
  }

  /** BOSH sessions held by this node. */
  public int sessionCount() {
    return ctx.sessions().count();
  }

  /** Node shutdown: every session held here ends with system-shutdown, spread over {@code window}. */
  public CompletionStage<Void> closeAll(Duration window) {
    return ctx.sessions().closeAll(window, ctx.timer());
  }

  private static HttpResponse cors(HttpResponse r, Optional<String> origin) {
    if (origin.isEmpty()) {
      return r;
    }
    return r.addHeader(RawHeader.create("Access-Control-Allow-Origin", origin.get()))
        .addHeader(RawHeader.create("Vary", "Origin"));
  }

  private static HttpResponse ok(String body) {
    return xml(StatusCodes.OK, body);
  }

  private static HttpResponse xml(org.apache.pekko.http.javadsl.model.StatusCode status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(XML, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static HttpResponse text(org.apache.pekko.http.javadsl.model.StatusCode status, String message) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.TEXT_PLAIN_UTF8, message + "\n");
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
