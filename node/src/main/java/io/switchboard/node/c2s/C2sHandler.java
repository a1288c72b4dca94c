package io.switchboard.node.c2s;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.switchboard.node.register.InBandRegistration;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import io.switchboard.protocol.sasl.SaslPayloads;
import io.switchboard.protocol.sasl.SaslServerMechanism;
import io.switchboard.protocol.sasl.SaslStep;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.ResumeResult;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client stream, from the first byte to the close: the negotiation state machine of RFC 6120
 * (stream header, STARTTLS §5, SASL §6, resource binding §7) and, once bound, the hand-off of
 * every stanza to the cluster through the Router, plus XEP-0198 stream management.
 *
 * <p>Runs on the channel's event loop only. Work that completes elsewhere (credential look-ups,
 * the bind round trip to the user's entity) hops back with {@code ctx.executor().execute}; while
 * such work is pending ({@code busy}) further events queue in {@code inbox} so their order is
 * kept. Every bad input ends in a stream or stanza error, never in an exception on the loop.
 */
final class C2sHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(C2sHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_INBOX = 256;

  /** Where the stream is in its negotiation (RFC 6120 §4.3). */
  enum Phase {
    /** Waiting for the client's stream header (at the start and after each restart). */
    AWAIT_HEADER,
    /** Features sent, not authenticated: STARTTLS, SASL or registration may follow. */
    NEGOTIATING,
    /** A SASL exchange is under way. */
    SASL,
    /** Authenticated, no resource bound yet (XEP-0198 resumption also happens here). */
    AWAIT_BIND,
    /** A resource is bound: stanzas flow. */
    BOUND,
    /** The stream is closing; input is ignored. */
    CLOSED
  }

  private final C2sServices services;
  private final StreamEventDecoder decoder;
  /** Created by the first event that has to wait; dropped again once replayed. */
  private ArrayDeque<Object> inbox;

  private ChannelHandlerContext ctx;
  private Phase phase = Phase.AWAIT_HEADER;
  private boolean busy;
  private boolean headerSent;
  private boolean tlsActive;
  private boolean cleanClose;
  private EntityBareJid user;
  /** The account's creation time read with its credentials; the bind hands it to the entity. */
  private volatile java.time.Instant accountCreatedAt;
  private SaslServerMechanism sasl;
  private int authFailures;
  private ClientSession session;
  private boolean pingOutstanding;
  /** When the last XEP-0199 ping was due (the ping repeats every ping-interval of silence). */
  private long lastPingDueNanos = System.nanoTime();
  /** Closes a stream that has not bound a resource in time; cancelled at the bind. */
  private java.util.concurrent.ScheduledFuture<?> handshakeTimer;

  /**
   * What every connection actor of one listener shares (built once by {@link C2sInitializer},
   * not per bind: the objects were ~60 bytes of every session).
   */
  record ActorWiring(ConnectionActor.Timing timing, ConnectionActor.Fallback fallback,
      ClientSession.WriteFailed writeFailed) {
    static ActorWiring of(C2sServices services) {
      C2sSettings settings = services.settings();
      ConnectionActor.Fallback fallback = (sess, stanza, receipt) -> reroute(services, sess, stanza, receipt);
      return new ActorWiring(
          new ConnectionActor.Timing(settings.resendAfter(), settings.linger(), settings.ackTimeout()),
          fallback, fallback::undeliverable);
    }
  }

  private final ActorWiring wiring;

  C2sHandler(C2sServices services, StreamEventDecoder decoder, boolean directTls, ActorWiring wiring) {
    this.services = services;
    this.decoder = decoder;
    this.tlsActive = directTls;
    this.wiring = wiring;
  }

  // ---------------------------------------------------------------- channel events

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    handshakeTimer = ctx.executor().schedule(this::handshakeDeadline,
        services.settings().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    scheduleIdleCheck(Math.min(services.settings().pingInterval().toNanos(), HIBERNATE_AFTER_NANOS));
    ctx.fireChannelActive();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    pingOutstanding = false;
    if (phase == Phase.CLOSED) {
      return;
    }
    if (busy) {
      if (inbox == null) {
        inbox = new ArrayDeque<>(4);
      }
      if (inbox.size() >= MAX_INBOX) {
        closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many stanzas while a request is pending");
        return;
      }
      inbox.addLast(msg);
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    try {
      if (msg instanceof DecodeFailure f) {
        log.info("Stream error for {}: {}", remote(), f.error().condition().elementName());
        closeWithError(f.error());
      } else if (msg instanceof StreamEvent.StreamOpened h) {
        onHeader(h);
      } else if (msg instanceof StreamEvent.ElementReceived e) {
        onElement(e.element());
      } else if (msg == StreamEvent.StreamClosed.INSTANCE) {
        onStreamClosed();
      }
      // Whitespace keepalives only count as traffic (the decoder's lastReadNanos).
    } catch (RuntimeException e) {
      log.warn("Internal error on a client stream from {}: {}", remote(), e.toString(), e);
      closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
    }
  }

  /** Ends a pending asynchronous step and replays what queued meanwhile. */
  private void resume() {
    busy = false;
    while (!busy && inbox != null && !inbox.isEmpty() && phase != Phase.CLOSED) {
      dispatch(inbox.removeFirst());
    }
    if (!busy && inbox != null && inbox.isEmpty()) {
      inbox = null;
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ConnectionLimiter.Refusal.TOO_MANY_CONNECTIONS) {
      closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many connections from your address");
    } else if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
      log.info("TLS handshake with {} failed: {}", remote(), hs.cause().getMessage());
      phase = Phase.CLOSED;
      ctx.close();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Connection from {} failed: {}", remote(), cause.toString());
    phase = Phase.CLOSED;
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    phase = Phase.CLOSED;
    ClientSession s = session;
    session = null;
    if (s != null && !s.ended()) {
      if (!cleanClose && s.resumable()) {
        // The entity keeps the session; the client may resume it on any node.
        s.actor().tell(ConnectionActor.Park.INSTANCE);
        log.debug("{} dropped; resumable for {}", s.jid(), services.settings().resumeTimeout());
      } else {
        finish(s);
      }
    }
    ctx.fireChannelInactive();
  }

  /**
   * Ends a session for good: the entity forgets the resource (and tells contacts it is gone),
   * and whatever the client never acknowledged is routed again to the bare JID, where another
   * resource or offline storage takes the messages (RFC 6121 §8.5.3.2.1).
   */
  private void finish(ClientSession s) {
    finishDetached(services, s);
  }

  static void finishDetached(C2sServices services, ClientSession s) {
    List<ClientSession.Sent> unacked = s.end();
    // The actor unbinds after everything the client sent before, then re-routes the unacked.
    s.actor().tell(new ConnectionActor.Stop(true, unacked));
  }

  /**
   * A message this session can no longer take goes to the bare JID (another resource or offline
   * storage); {@code receipt} travels with it. Anything else is dropped (and acknowledged).
   */
  static void reroute(C2sServices services, ClientSession s, XmlElement stanza, Receipt receipt) {
    String type = stanza.attr("type");
    if (!stanza.name().equals("message") || Stanzas.isError(stanza)
        || "groupchat".equals(type) || "headline".equals(type)) {
      Receipt.ack(receipt);
      return;
    }
    services.router().route(stanza.withAttribute("to", s.jid().asEntityBareJid().toString()), receipt);
  }

  // ---------------------------------------------------------------- stream header

  private void onHeader(StreamEvent.StreamOpened h) {
    String domain = services.domain().toString();
    String id = newId();
    write(StreamHeader.of(Namespaces.JABBER_CLIENT, domain, null, id, "en").toXml());
    headerSent = true;
    Optional<String> to = h.to();
    if (to.isPresent()) {
      Optional<Jid> toJid = Jids.parse(to.get());
      if (toJid.isEmpty() || !toJid.get().isDomainBareJid() || !toJid.get().equals(services.domain())) {
        closeWithError(StreamErrorCondition.HOST_UNKNOWN, "this server hosts " + domain);
        return;
      }
    }
    String version = h.version().orElse("");
    if (!version.startsWith("1.")) {
      // RFC 6120 §4.7.5: no version means pre-1.0, which we do not speak; 2.x is unknown.
      closeWithError(StreamErrorCondition.UNSUPPORTED_VERSION, "version 1.0 is required");
      return;
    }
    write(StreamHeader.writeTopLevel(features(), Namespaces.JABBER_CLIENT));
    phase = user == null ? Phase.NEGOTIATING : Phase.AWAIT_BIND;
  }

  private XmlElement features() {
    XmlElement.Builder f = XmlElement.builder("features", Namespaces.STREAMS);
    if (user == null) {
      if (!tlsActive) {
        XmlElement.Builder starttls = XmlElement.builder("starttls", Namespaces.TLS);
        if (services.tlsRequired()) {
          starttls.child(XmlElement.of("required", Namespaces.TLS));
        }
        f.child(starttls);
      }
      if (tlsActive || !services.tlsRequired()) {
        f.child(services.sasl().feature(tlsActive));
        if (services.registration().open()) {
          f.child(XmlElement.of("register", Namespaces.REGISTER_FEATURE));
        }
      }
    } else {
      f.child(XmlElement.of("bind", Namespaces.BIND));
      f.child(XmlElement.builder("session", Namespaces.SESSION).child(XmlElement.of("optional", Namespaces.SESSION)));
      f.child(XmlElement.of("sm", Namespaces.STREAM_MANAGEMENT));
      f.child(XmlElement.of("ver", Namespaces.ROSTER_VERSIONING));
    }
    f.child(services.serverIq().capsElement());
    return f.build();
  }

  // ---------------------------------------------------------------- elements by phase

  private void onElement(XmlElement e) {
    switch (phase) {
      case NEGOTIATING -> onNegotiating(e);
      case SASL -> onSasl(e);
      case AWAIT_BIND -> onAwaitBind(e);
      case BOUND -> onBound(e);
      case AWAIT_HEADER, CLOSED -> { }
    }
  }

  private void onNegotiating(XmlElement e) {
    if (e.is("starttls", Namespaces.TLS)) {
      startTls();
    } else if (e.is("auth", Namespaces.SASL)) {
      startSasl(e);
    } else if (InBandRegistration.isRegistration(e) && (tlsActive || !services.tlsRequired())) {
      register(e, null);
    } else if (isStanza(e)) {
      // RFC 6120 §6.4.? / §4.9.3.12: no stanzas before authentication.
      closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "authenticate first");
    } else if (e.is("abort", Namespaces.SASL) || e.is("response", Namespaces.SASL)) {
      writeElement(SaslStep.Failure.of(SaslFailureCondition.ABORTED).toElement());
    } else {
      closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
    }
  }

  private void startTls() {
    if (tlsActive) {
      write("<failure xmlns='" + Namespaces.TLS + "'/>" + StreamHeader.CLOSE);
      phase = Phase.CLOSED;
      ctx.close();
      return;
    }
    Channel ch = ctx.channel();
    // startTls=true: the <proceed/> below still leaves in plaintext, everything after is TLS.
    SslHandler ssl = services.tls().context().newHandler(ch.alloc());
    ch.pipeline().addFirst("tls", new SslHandler(ssl.engine(), true));
    write("<proceed xmlns='" + Namespaces.TLS + "'/>");
    tlsActive = true;
    phase = Phase.AWAIT_HEADER;
    // RFC 6120 §5.4.3.3: the client starts a new stream over TLS; anything it sent after
    // <starttls/> in plaintext is discarded.
    decoder.restart(true);
  }

  private void startSasl(XmlElement auth) {
    if (!tlsActive && services.tlsRequired()) {
      writeElement(SaslStep.Failure.of(SaslFailureCondition.ENCRYPTION_REQUIRED).toElement());
      return;
    }
    if (services.authThrottle().blocked(ip())) {
      log.info("SASL attempt from {} refused: too many recent failures", remote());
      writeElement(new SaslStep.Failure(SaslFailureCondition.TEMPORARY_AUTH_FAILURE, "too many failed attempts; try later").toElement());
      return;
    }
    String mechanism = auth.attr("mechanism");
    sasl = services.sasl().start(mechanism == null ? "" : mechanism, tlsActive);
    String text = auth.text().trim();
    Optional<byte[]> initial;
    if (text.isEmpty()) {
      initial = Optional.empty();
    } else {
      initial = SaslPayloads.decode(text);
      if (initial.isEmpty()) {
        saslStep(SaslStep.Failure.of(SaslFailureCondition.INCORRECT_ENCODING));
        return;
      }
    }
    phase = Phase.SASL;
    saslStep(sasl.start(initial));
  }

  private void onSasl(XmlElement e) {
    if (e.is("response", Namespaces.SASL)) {
      Optional<byte[]> data = SaslPayloads.decode(e.text().trim());
      if (data.isEmpty()) {
        saslStep(SaslStep.Failure.of(SaslFailureCondition.INCORRECT_ENCODING));
      } else {
        saslStep(sasl.respond(data.get()));
      }
    } else if (e.is("abort", Namespaces.SASL)) {
      sasl = null;
      phase = Phase.NEGOTIATING;
      writeElement(SaslStep.Failure.of(SaslFailureCondition.ABORTED).toElement());
    } else {
      closeWithError(StreamErrorCondition.POLICY_VIOLATION, "SASL negotiation in progress");
    }
  }

  private void saslStep(SaslStep step) {
    if (step instanceof SaslStep.Challenge c) {
      writeElement(c.toElement());
    } else if (step instanceof SaslStep.CredentialsRequired r) {
      lookUpCredentials(r.username());
    } else if (step instanceof SaslStep.Success s) {
      saslSucceeded(s);
    } else if (step instanceof SaslStep.Failure f) {
      saslFailed(f);
    }
  }

  private void lookUpCredentials(String username) {
    SaslServerMechanism mechanism = sasl;
    ScramAlgorithm algorithm = ScramAlgorithm.byMechanism(mechanism.mechanismName()).orElse(ScramAlgorithm.SHA_256);
    Optional<EntityBareJid> account = Jids.parse(username + "@" + services.domain())
        .filter(j -> !j.hasResource())
        .map(Jid::asEntityBareJidIfPossible);
    busy = true;
    CompletableFuture<Optional<AccountStore.LoginRecord>> lookup = account.isEmpty()
        ? CompletableFuture.completedFuture(Optional.empty())
        : services.accounts().login(account.get()).toCompletableFuture();
    lookup
        .thenApplyAsync(found -> {
          found.ifPresent(login -> accountCreatedAt = login.createdAt());
          Optional<ScramCredential> credential = found.map(login -> login.credentials().get(algorithm));
          return mechanism.credentials(credential);
        }, services.cpu())
        .whenComplete((next, err) -> ctx.executor().execute(() -> {
          if (phase == Phase.CLOSED) {
            return;
          }
          if (err != null) {
            log.warn("Credential look-up failed: {}", err.toString());
            saslStep(new SaslStep.Failure(SaslFailureCondition.TEMPORARY_AUTH_FAILURE, "try again later"));
          } else {
            saslStep(next);
          }
          resume();
        }));
  }

  private void saslSucceeded(SaslStep.Success s) {
    EntityBareJid authenticated = Jids.bareSharingDomain(s.authenticatedUsername() + "@" + services.domain());
    writeElement(s.toElement());
    user = authenticated;
    sasl = null;
    authFailures = 0;
    phase = Phase.AWAIT_HEADER;
    log.debug("{} authenticated from {}", user, remote());
    decoder.restart(false);
  }

  private void saslFailed(SaslStep.Failure f) {
    writeElement(f.toElement());
    sasl = null;
    phase = Phase.NEGOTIATING;
    if (f.condition() == SaslFailureCondition.NOT_AUTHORIZED) {
      services.authThrottle().recordFailure(ip());
      log.info("Authentication failed from {}", remote());
    }
    if (++authFailures >= services.settings().maxAuthFailures()) {
      closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentication attempts");
    }
  }

  private void register(XmlElement iq, EntityBareJid authenticated) {
    busy = true;
    services.registration().handle(iq, authenticated).whenComplete((outcome, err) -> ctx.executor().execute(() -> {
      if (phase == Phase.CLOSED) {
        return;
      }
      XmlElement reply = err == null
          ? outcome.reply()
          : Stanzas.errorReply(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR).orElseThrow();
      if (authenticated == null) {
        writeElement(reply.withoutAttribute("to").withoutAttribute("from"));
      } else {
        sendToClient(reply.withAttribute("to", replyTo()).withoutAttribute("from"));
      }
      if (err == null && outcome.accountRemoved()) {
        // XEP-0077 §3.2: the result first, then the account's streams end (this one here, the
        // others when the cluster hears of it).
        closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "account removed");
        services.registration().removed(authenticated);
        return;
      }
      resume();
    }));
  }

  private String replyTo() {
    return session != null ? session.jid().toString() : user.toString();
  }

  private void onAwaitBind(XmlElement e) {
    if (e.is("iq", Namespaces.JABBER_CLIENT) && "set".equals(e.attr("type")) && e.child("bind", Namespaces.BIND).isPresent()) {
      bind(e);
    } else if (e.is("iq", Namespaces.JABBER_CLIENT) && e.child("session", Namespaces.SESSION).isPresent()) {
      writeElement(Stanzas.iqResult(e).withoutAttribute("from").withoutAttribute("to"));
    } else if (e.is("resume", Namespaces.STREAM_MANAGEMENT)) {
      resumeSession(e);
    } else if (e.is("enable", Namespaces.STREAM_MANAGEMENT)) {
      write(smFailed("unexpected-request"));
    } else if (InBandRegistration.isRegistration(e)) {
      register(e, user);
    } else if (isStanza(e)) {
      closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "bind a resource first");
    } else {
      closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
    }
  }

  private void bind(XmlElement iq) {
    String requested = iq.child("bind", Namespaces.BIND).flatMap(b -> b.childText("resource", Namespaces.BIND)).orElse("").trim();
    String resource = requested.isEmpty() ? "sb-" + newId().substring(0, 10) : requested;
    Optional<EntityFullJid> full = Jids.withResource(user, resource);
    if (full.isEmpty()) {
      writeElement(Stanzas.errorReply(iq, StanzaErrorCondition.BAD_REQUEST, "invalid resource").orElseThrow());
      return;
    }
    ClientSession s = new ClientSession(full.get(), ctx.channel(), services.settings().maxUnacked(), services.settings().ackRequestEvery());
    ActorRef<Object> actor = spawnActor(s);
    busy = true;
    bindWithRetry(full.get(), actor.narrow(), System.nanoTime() + services.settings().bindTimeout().toNanos())
        .whenComplete((result, err) -> ctx.executor().execute(() -> {
          if (phase == Phase.CLOSED) {
            actor.tell(result instanceof BindResult.Bound
                ? new ConnectionActor.Stop(true, List.of()) : ConnectionActor.Stop.UNBOUND);
            return;
          }
          if (result instanceof BindResult.Bound bound) {
            actor.tell(new ConnectionActor.Bound(bound.entity()));
            session = s;
            phase = Phase.BOUND;
            cancelHandshakeTimer();
            XmlElement jid = XmlElement.builder("bind", Namespaces.BIND).textChild("jid", bound.jid().toString()).build();
            writeElement(Stanzas.iqResult(iq, jid).withoutAttribute("from").withoutAttribute("to"));
            log.debug("{} bound from {}", bound.jid(), remote());
          } else {
            actor.tell(ConnectionActor.Stop.UNBOUND);
            StanzaErrorCondition c = result instanceof BindResult.Refused r
                ? StanzaErrorCondition.fromElementName(r.condition()).orElse(StanzaErrorCondition.RESOURCE_CONSTRAINT)
                : StanzaErrorCondition.RESOURCE_CONSTRAINT;
            if (err != null) {
              log.warn("Binding {} failed: {}", full.get(), err.toString());
            }
            writeElement(Stanzas.errorReply(iq, c).orElseThrow());
          }
          resume();
        }));
  }

  /** One bind attempt waits at most this long; a node that just died swallows the first ones. */
  private static final Duration BIND_ATTEMPT = Duration.ofSeconds(5);

  /**
   * Binds, asking again after an unanswered attempt until the bind timeout: while a crashed
   * node's shards have not moved yet (failure detection plus the split-brain resolver's
   * stable-after), asks to its entities are lost, and the login should wait rather than fail.
   * Bind is idempotent for the same connection.
   */
  private java.util.concurrent.CompletionStage<BindResult> bindWithRetry(
      EntityFullJid jid, ActorRef<io.switchboard.sharding.session.ConnectionMessage> actor, long deadline) {
    long left = deadline - System.nanoTime();
    Duration attempt = Duration.ofNanos(Math.max(1, Math.min(left, BIND_ATTEMPT.toNanos())));
    return services.router().bind(jid, actor, accountCreatedAt, attempt)
        .handle((result, err) -> {
          if (err != null && phase != Phase.CLOSED && deadline - System.nanoTime() > 0
              && (err instanceof java.util.concurrent.TimeoutException
                  || err.getCause() instanceof java.util.concurrent.TimeoutException)) {
            log.debug("bind of {} unanswered after {}; asking again", jid, attempt);
            return bindWithRetry(jid, actor, deadline);
          }
          return err == null
              ? java.util.concurrent.CompletableFuture.completedFuture(result)
              : java.util.concurrent.CompletableFuture.<BindResult>failedFuture(err);
        })
        .thenCompose(f -> f);
  }

  private ActorRef<Object> spawnActor(ClientSession s) {
    ActorRef<Object> actor = services.system().systemActorOf(
        ConnectionActor.create(s, services.router(), wiring.timing(), wiring.fallback(),
            services.liveActors(), services.parked()),
        "c2s-" + newId().substring(0, 16).replace('-', 'x').replace('_', 'y'),
        Props.empty());
    s.attachActor(actor,
        sess -> sess.closeWith(StreamErrorCondition.POLICY_VIOLATION, "too many unacknowledged stanzas"),
        wiring.writeFailed());
    return actor;
  }

  /** How long the user's entity may take to answer a resumption. */
  private static final Duration RESUME_ATTEMPT = Duration.ofSeconds(15);

  /**
   * XEP-0198 §5: the parked session is held by the user's entity (wherever its stream was), so
   * the entity is asked; it answers with the client's handled count and what the client has not
   * received yet, and from then on delivers to this stream.
   */
  private void resumeSession(XmlElement resume) {
    String previd = resume.attr("previd");
    long h = parseH(resume.attr("h"));
    Optional<EntityFullJid> full = StreamIds.resource(previd)
        .flatMap(r -> Jids.withResource(user, r));
    if (h < 0 || full.isEmpty() || !services.settings().resumptionEnabled()) {
      write(smFailed("item-not-found"));
      return;
    }
    C2sSettings settings = services.settings();
    ClientSession s = ClientSession.resuming(full.get(), settings.maxUnacked(), settings.ackRequestEvery(), previd, h);
    ActorRef<Object> actor = spawnActor(s);
    busy = true;
    services.router().resume(full.get(), previd, h, settings.resumeTimeout(), actor.narrow(), RESUME_ATTEMPT)
        .whenComplete((result, err) -> ctx.executor().execute(() -> {
          if (result instanceof ResumeResult.Resumed r) {
            actor.tell(new ConnectionActor.Resumed(previd, r.handled(), settings.resumeTimeout(), r.entity()));
            s.resume(ctx.channel(), "<resumed xmlns='" + Namespaces.STREAM_MANAGEMENT + "' h='" + r.handled()
                + "' previd='" + previd + "'/>", r.replay());
            if (phase == Phase.CLOSED) {
              actor.tell(ConnectionActor.Park.INSTANCE); // this stream went away meanwhile
              return;
            }
            session = s;
            phase = Phase.BOUND;
            cancelHandshakeTimer();
            log.debug("{} resumed from {}", s.jid(), remote());
          } else {
            actor.tell(ConnectionActor.Stop.UNBOUND);
            if (err != null) {
              log.info("Resuming {} failed: {}", full.get(), err.toString());
            }
            if (phase != Phase.CLOSED) {
              write(smFailed("item-not-found"));
            }
          }
          resume();
        }));
  }

  private void onBound(XmlElement e) {
    if (isStanza(e)) {
      onStanza(e);
    } else if (e.is("r", Namespaces.STREAM_MANAGEMENT)) {
      if (session.streamManagementEnabled()) {
        session.actor().tell(ConnectionActor.AckRequest.INSTANCE);
      }
    } else if (e.is("a", Namespaces.STREAM_MANAGEMENT)) {
      long h = parseH(e.attr("h"));
      if (h < 0 || !session.acknowledge(h)) {
        closeWithError(StreamErrorCondition.UNDEFINED_CONDITION, "bad acknowledgement");
      }
    } else if (e.is("enable", Namespaces.STREAM_MANAGEMENT)) {
      enableStreamManagement(e);
    } else if (e.is("resume", Namespaces.STREAM_MANAGEMENT)) {
      write(smFailed("unexpected-request"));
    } else {
      closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
    }
  }

  private void enableStreamManagement(XmlElement enable) {
    if (session.streamManagementEnabled()) {
      session.writeRaw(smFailed("unexpected-request"));
      return;
    }
    String wants = enable.attr("resume");
    boolean resume = services.settings().resumptionEnabled() && ("true".equals(wants) || "1".equals(wants));
    String id = StreamIds.create(session.jid().getResourcepart().toString());
    session.enableStreamManagement(id, resume);
    session.actor().tell(new ConnectionActor.EnableStreamManagement(resume ? id : null, services.settings().resumeTimeout()));
    StringBuilder sb = new StringBuilder("<enabled xmlns='").append(Namespaces.STREAM_MANAGEMENT).append("' id='").append(id).append('\'');
    if (resume) {
      sb.append(" resume='true' max='").append(services.settings().resumeTimeout().toSeconds()).append('\'');
    }
    session.writeRaw(sb.append("/>").toString());
  }

  private void onStanza(XmlElement stanza) {
    if (Stanzas.hasMalformedAddress(stanza)) {
      session.actor().tell(new ConnectionActor.Outbound(stanza, true)); // counted, answered here
      // The reply goes to the sender; the malformed address is not repeated as its 'from'.
      Stanzas.errorReply(stanza.withAttribute("from", session.jid().toString()).withoutAttribute("to"),
              StanzaErrorCondition.JID_MALFORMED)
          .ifPresent(this::sendToClient);
      return;
    }
    if (InBandRegistration.isRegistration(stanza) && addressedToServerOrSelf(stanza)) {
      session.actor().tell(new ConnectionActor.Outbound(stanza, true));
      register(stanza, user);
      return;
    }
    session.observeOutbound(stanza);
    session.actor().tell(new ConnectionActor.Outbound(stanza));
  }

  private boolean addressedToServerOrSelf(XmlElement stanza) {
    String to = stanza.attr("to");
    if (to == null) {
      return true;
    }
    Optional<Jid> jid = Jids.parse(to);
    return jid.isPresent() && (jid.get().equals(services.domain()) || jid.get().equals(user));
  }

  private void onStreamClosed() {
    cleanClose = true;
    if (session != null) {
      session.closing();
    }
    phase = Phase.CLOSED;
    Channel ch = ctx.channel();
    afterQueuedWrites(() -> ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), StreamHeader.CLOSE))
        .addListener(ChannelFutureListener.CLOSE));
  }

  /**
   * Runs {@code closing} on the event loop after every write already queued there. The
   * connection's actor writes stanzas from its own thread, which Netty queues as tasks; a
   * stanza written (and its receipt acknowledged) just before {@link ClientSession#closing} must
   * reach the socket before the closing tag, not after it, where no client reads it.
   */
  private void afterQueuedWrites(Runnable closing) {
    ctx.channel().eventLoop().execute(closing);
  }

  // ---------------------------------------------------------------- timers

  private void cancelHandshakeTimer() {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
      handshakeTimer = null;
    }
  }

  private void handshakeDeadline() {
    handshakeTimer = null;
    if (phase != Phase.BOUND && phase != Phase.CLOSED && ctx.channel().isActive()) {
      log.info("Closing {}: no resource bound within {}", remote(), services.settings().handshakeTimeout());
      closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no resource bound in time");
    }
  }

  private static final long HIBERNATE_AFTER_NANOS = C2sInitializer.PARSER_HIBERNATES_AFTER.toNanos();
  private static final long DONE_KEPT_AT_LEAST_NANOS = TimeUnit.MINUTES.toNanos(1);

  private void scheduleIdleCheck(long delayNanos) {
    ctx.executor().schedule(this::idleCheck, Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS);
  }

  /**
   * The connection's one timer, in place of a Netty {@code IdleStateHandler} (its handler, pipeline
   * context and two scheduled tasks were ~0.3 KB of every idle connection). After
   * {@code PARSER_HIBERNATES_AFTER} without bytes from the client the parser hibernates (writes do
   * not matter to it); after {@code ping-interval} of silence, and again after each further
   * interval, {@link #onIdle} pings. Runs at least every {@code PARSER_HIBERNATES_AFTER}, as the
   * handler did.
   */
  private void idleCheck() {
    if (phase == Phase.CLOSED || !ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    long lastRead = decoder.lastReadNanos();
    long hibernateAt = lastRead + HIBERNATE_AFTER_NANOS;
    if (now - hibernateAt >= 0) {
      decoder.hibernate();
    }
    ClientSession bound = session;
    if (bound != null) {
      // Twice the linger, and at least a minute: no sender re-sends anything older than that.
      bound.forgetDoneIfQuiet(now, Math.max(2 * services.settings().linger().toNanos(), DONE_KEPT_AT_LEAST_NANOS));
    }
    long pingEvery = services.settings().pingInterval().toNanos();
    long pingAt = (lastRead - lastPingDueNanos > 0 ? lastRead : lastPingDueNanos) + pingEvery;
    if (now - pingAt >= 0) {
      lastPingDueNanos = now;
      pingAt = now + pingEvery;
      onIdle();
    }
    long nextHibernateCheck = now - hibernateAt < 0 ? hibernateAt : now + HIBERNATE_AFTER_NANOS;
    long next = pingAt - nextHibernateCheck < 0 ? pingAt : nextHibernateCheck;
    scheduleIdleCheck(next - now);
  }

  private void onIdle() {
    if (phase != Phase.BOUND || session == null) {
      return;
    }
    if (pingOutstanding) {
      log.info("Closing {}: no answer to a ping", session.jid());
      closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no answer to ping");
      return;
    }
    pingOutstanding = true;
    long pingSent = System.nanoTime();
    session.deliver(XmlElement.builder("iq", Namespaces.JABBER_CLIENT)
        .attr("type", "get")
        .attr("id", "ping-" + newId().substring(0, 8))
        .attr("from", services.domain().toString())
        .attr("to", session.jid().toString())
        .child(XmlElement.of("ping", Namespaces.PING))
        .build());
    ctx.executor().schedule(() -> {
      if (pingOutstanding && decoder.lastReadNanos() - pingSent < 0 && phase == Phase.BOUND) {
        log.info("Closing {}: no answer to a ping", session == null ? remote() : session.jid());
        closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no answer to ping");
      }
    }, services.settings().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------- writing

  /** A stanza for the client: counted for XEP-0198 once bound. */
  private void sendToClient(XmlElement stanza) {
    if (session != null) {
      session.deliver(stanza);
    } else {
      writeElement(stanza);
    }
  }

  private void writeElement(XmlElement e) {
    write(StreamHeader.writeTopLevel(e, Namespaces.JABBER_CLIENT));
  }

  private void write(String xml) {
    Channel ch = ctx.channel();
    ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), xml), ch.voidPromise());
  }

  private void closeWithError(StreamErrorCondition condition, String text) {
    closeWithError(StreamError.of(condition, text));
  }

  /** RFC 6120 §4.9.1: (header if none was sent), the error, the closing tag, then TCP close. */
  private void closeWithError(StreamError error) {
    if (phase == Phase.CLOSED && !ctx.channel().isActive()) {
      return;
    }
    if (session != null) {
      session.closing();
    }
    phase = Phase.CLOSED;
    StringBuilder sb = new StringBuilder();
    if (!headerSent) {
      sb.append(StreamHeader.of(Namespaces.JABBER_CLIENT, services.domain().toString(), null, newId(), "en").toXml());
      headerSent = true;
    }
    sb.append(StreamHeader.writeTopLevel(error.toElement(), Namespaces.JABBER_CLIENT)).append(StreamHeader.CLOSE);
    Channel ch = ctx.channel();
    String xml = sb.toString();
    afterQueuedWrites(() -> ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), xml))
        .addListener(ChannelFutureListener.CLOSE));
  }

  // ---------------------------------------------------------------- helpers

  private static boolean isStanza(XmlElement e) {
    return Namespaces.JABBER_CLIENT.equals(e.namespace())
        && (e.name().equals("message") || e.name().equals("presence") || e.name().equals("iq"));
  }

  private static String smFailed(String condition) {
    return "<failed xmlns='" + Namespaces.STREAM_MANAGEMENT + "'><" + condition + " xmlns='" + Namespaces.STANZA_ERRORS + "'/></failed>";
  }

  private static long parseH(String h) {
    if (h == null) {
      return -1;
    }
    try {
      long v = Long.parseLong(h);
      return v < 0 || v >= (1L << 32) ? -1 : v;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private InetAddress ip() {
    return ConnectionLimiter.ip(ctx);
  }

  private String remote() {
    return ctx == null ? "?" : String.valueOf(ctx.channel().remoteAddress());
  }

  /** Node shutdown: end the stream with {@code <system-shutdown/>}; no resumption here. */
  void shutdown() {
    cleanClose = true;
    if (phase != Phase.CLOSED || ctx.channel().isActive()) {
      closeWithError(StreamErrorCondition.SYSTEM_SHUTDOWN, "this node is shutting down; reconnect");
    }
  }
}
