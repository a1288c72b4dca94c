package io.switchboard.node.stream;

import io.switchboard.node.register.InBandRegistration;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.SaslFailureCondition;
import io.switchboard.protocol.sasl.SaslStep;
import io.switchboard.protocol.sasl2.Authenticate;
import io.switchboard.protocol.sasl2.Sasl2;
import io.switchboard.protocol.sasl2.Sasl2Elements;
import io.switchboard.protocol.sm.AckRequest;
import io.switchboard.protocol.sm.Ack;
import io.switchboard.protocol.sm.Failed;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.trace.Trace;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client stream, from the first byte to the close, whatever carries it: the negotiation
 * state machine of RFC 6120 (stream header §4.7, STARTTLS §5, SASL §6, resource binding §7, with
 * XEP-0077 registration and XEP-0198 resumption) and, once bound, the hand-off of every stanza to
 * the cluster. It reads {@link StreamEvent}s and writes through a {@link StreamTransport}, so
 * TCP, WebSocket and BOSH share it; the steps with state of their own are {@link SaslExchange},
 * {@link ResourceBinding}, {@link Resumption} and {@link Keepalive}.
 *
 * <p>Runs on the transport's thread only. Work that completes elsewhere (credential look-ups,
 * the bind round trip to the user's entity) hops back with {@link StreamTransport#execute}; while
 * such work is pending ({@link #busy}) further events queue in {@code inbox} so their order is
 * kept. Every bad input ends in a stream or stanza error, never in an exception on the thread.
 */
public final class ClientStream {
  private static final Logger log = LoggerFactory.getLogger(ClientStream.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_INBOX = 256;

  /** Where the stream is in its negotiation (RFC 6120 §4.3). */
  public enum Phase {
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

  final StreamServices services;
  final StreamTransport transport;
  final ActorWiring wiring;
  /** Negotiation only: dropped once bound, so an open stream keeps no state of them. */
  private SaslExchange sasl;
  private ResourceBinding binding;
  private final Keepalive keepalive;
  /** Created by the first event that has to wait; dropped again once replayed. */
  private ArrayDeque<Object> inbox;
  private Phase phase = Phase.AWAIT_HEADER;
  /** Asynchronous steps pending (nested: a SASL2 success starts its inline steps while busy). */
  private int busy;
  private boolean headerSent;
  private boolean cleanClose;
  /** Counted among the open streams ({@link StreamMetrics#streamOpened}) until disconnected. */
  private boolean counted;
  private EntityBareJid user;
  /** The account's creation time read with its credentials; the bind hands it to the entity. */
  private volatile java.time.Instant accountCreatedAt;
  private ClientSession session;
  /** This connection's id in log lines ({@link ConnIds}). */
  private final long conn = ConnIds.next();
  /** XEP-0077/0445 state of this stream (the invitation it presented); made on first use. */
  private InBandRegistration.Session registration;

  public ClientStream(StreamServices services, StreamTransport transport, ActorWiring wiring) {
    this.services = services;
    this.transport = transport;
    this.wiring = wiring;
    this.sasl = new SaslExchange(this);
    this.binding = new ResourceBinding(this);
    this.keepalive = new Keepalive(this);
  }

  /** This connection's id in log lines (the MDC's {@code conn}, {@link ConnIds}). */
  String conn() {
    return ConnIds.format(conn);
  }

  /** A name for a connection actor of this stream, after its id. */
  String actorName() {
    return ConnIds.actorName(conn);
  }

  /** Runs {@code line}, one log statement, with this connection's id in the MDC. */
  void logged(Runnable line) {
    Trace.logged(null, conn(), line);
  }

  // ---------------------------------------------------------------- events from the transport

  /** The connection is open: the handshake deadline and the idle timer start. */
  public void onConnected() {
    if (!counted) {
      counted = true;
      services.metrics().streamOpened(transport.kind());
    }
    keepalive.start();
  }

  /** A {@link StreamEvent} or a {@link DecodeFailure}, in the order the transport read them. */
  public void onEvent(Object event) {
    keepalive.readSomething();
    if (phase == Phase.CLOSED) {
      return;
    }
    if (busy > 0) {
      if (inbox == null) {
        inbox = new ArrayDeque<>(4);
      }
      if (inbox.size() >= MAX_INBOX) {
        closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many stanzas while a request is pending");
        return;
      }
      inbox.addLast(event);
      return;
    }
    dispatch(event);
  }

  /** The per-address connection limit refused this connection. */
  public void onTooManyConnections() {
    onConnectionRefused(StreamErrorCondition.POLICY_VIOLATION, "too many connections from your address");
  }

  /** A connection limit refused this connection: a header, {@code condition}, and the close. */
  public void onConnectionRefused(StreamErrorCondition condition, String text) {
    closeWithError(condition, text);
  }

  /** The TLS handshake failed: the connection is dropped (there is no stream to answer on). */
  public void onTlsFailed(String why) {
    logged(() -> log.info("TLS handshake with {} failed: {}", transport.describe(), why));
    phase = Phase.CLOSED;
    transport.abort();
  }

  /** An I/O error: the connection is dropped. */
  public void onFailure(Throwable cause) {
    if (log.isDebugEnabled()) {
      logged(() -> log.debug("Connection from {} failed: {}", transport.describe(), cause.toString()));
    }
    phase = Phase.CLOSED;
    transport.abort();
  }

  /**
   * The connection is gone. A resumable session is parked with the user's entity (the client may
   * resume it on any node); any other session ends.
   */
  public void onDisconnected() {
    phase = Phase.CLOSED;
    if (counted) {
      counted = false;
      services.metrics().streamClosed(transport.kind());
    }
    ClientSession s = session;
    session = null;
    if (s != null && !s.ended()) {
      if (!cleanClose && s.resumable()) {
        s.actor().tell(ConnectionActor.Park.INSTANCE);
        services.metrics().parked();
        if (log.isDebugEnabled()) {
          logged(() -> log.debug("{} dropped; resumable for {}", s.jid(), services.settings().resumeTimeout()));
        }
      } else {
        finish(s);
      }
    }
  }

  /** Node shutdown: end the stream with {@code <system-shutdown/>}; no resumption here. */
  public void shutdown() {
    cleanClose = true;
    if (phase != Phase.CLOSED || transport.isOpen()) {
      closeWithError(StreamErrorCondition.SYSTEM_SHUTDOWN, "this node is shutting down; reconnect");
    }
  }

  private void dispatch(Object event) {
    try {
      if (event instanceof DecodeFailure f) {
        logged(() -> log.info("Stream error for {}: {}", transport.describe(), f.error().condition().elementName()));
        closeWithError(f.error());
      } else if (event instanceof StreamEvent.StreamOpened h) {
        onHeader(h);
      } else if (event instanceof StreamEvent.ElementReceived e) {
        onElement(e.element());
      } else if (event == StreamEvent.StreamClosed.INSTANCE) {
        onStreamClosed();
      }
      // Whitespace keepalives only count as traffic.
    } catch (RuntimeException e) {
      logged(() -> log.warn("Internal error on a client stream from {}: {}", transport.describe(), e.toString(), e));
      closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
    }
  }

  /** Marks an asynchronous step as pending: events queue until {@link #resume()}. */
  void busy() {
    busy++;
  }

  /** Whether an asynchronous step is pending (for the handshake timeout's log line). */
  boolean isBusy() {
    return busy > 0;
  }

  /** Ends a pending asynchronous step and replays what queued meanwhile. */
  void resume() {
    if (busy > 0) {
      busy--;
    }
    while (busy == 0 && inbox != null && !inbox.isEmpty() && phase != Phase.CLOSED) {
      dispatch(inbox.removeFirst());
    }
    if (busy == 0 && inbox != null && inbox.isEmpty()) {
      inbox = null;
    }
  }

  // ---------------------------------------------------------------- stream header and features

  private void onHeader(StreamEvent.StreamOpened h) {
    String domain = services.domain().toString();
    transport.openStream(StreamHeader.of(Namespaces.JABBER_CLIENT, domain, null, newId(), "en"));
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
    transport.send(StreamFeatures.of(this));
    phase = user == null ? Phase.NEGOTIATING : Phase.AWAIT_BIND;
  }

  // ---------------------------------------------------------------- elements by phase

  private void onElement(XmlElement e) {
    switch (phase) {
      case NEGOTIATING -> onNegotiating(e);
      case SASL -> sasl.onElement(e);
      case AWAIT_BIND -> onAwaitBind(e);
      case BOUND -> onBound(e);
      case AWAIT_HEADER, CLOSED -> { }
    }
  }

  private void onNegotiating(XmlElement e) {
    if (e.is("starttls", Namespaces.TLS)) {
      startTls();
    } else if (e.is("auth", Namespaces.SASL)) {
      sasl.start(e);
    } else if (e.is(Authenticate.ELEMENT, Sasl2.NAMESPACE)) {
      new Sasl2Exchange(this, sasl).start(e); // XEP-0388
    } else if (e.is("abort", Sasl2.NAMESPACE) || e.is("response", Sasl2.NAMESPACE)) {
      transport.send(Sasl2Elements.failure(SaslFailureCondition.ABORTED, null));
    } else if (InBandRegistration.isRegistration(e) && mayRegisterOrAuthenticate()) {
      register(e, null);
    } else if (InBandRegistration.isPreauth(e) && mayRegisterOrAuthenticate()) {
      // XEP-0445: an invitation token, before the registration it allows.
      transport.send(registration().preauth(e).withoutAttribute("to").withoutAttribute("from"));
    } else if (isStanza(e)) {
      // RFC 6120 §4.9.3.12: no stanzas before authentication.
      closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "authenticate first");
    } else if (e.is("abort", Namespaces.SASL) || e.is("response", Namespaces.SASL)) {
      transport.send(SaslStep.Failure.of(SaslFailureCondition.ABORTED).toElement());
    } else {
      closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
    }
  }

  /** TLS is on, or not required: credentials may be sent. */
  boolean mayRegisterOrAuthenticate() {
    return transport.isSecure() || !services.tlsRequired();
  }

  private void startTls() {
    if (transport.isSecure() || !transport.canStartTls()) {
      // RFC 6120 §5.4.2.2: <failure/> and the stream ends.
      transport.send(XmlElement.of("failure", Namespaces.TLS));
      closeWithError(null);
      return;
    }
    transport.startTls();
    phase = Phase.AWAIT_HEADER;
  }

  /** SASL succeeded: a new stream follows, as {@code authenticated}. */
  void authenticated(EntityBareJid authenticated) {
    user = authenticated;
    phase = Phase.AWAIT_HEADER;
    if (log.isDebugEnabled()) {
      logged(() -> log.debug("{} authenticated from {}", user, transport.describe()));
    }
    transport.restartStream(false);
  }

  /**
   * XEP-0388 §2.5: SASL2 succeeded; the stream goes on without a restart, as {@code authenticated},
   * to its inline steps or a resource binding.
   */
  void authenticatedInline(EntityBareJid authenticated) {
    user = authenticated;
    phase = Phase.AWAIT_BIND;
    if (log.isDebugEnabled()) {
      logged(() -> log.debug("{} authenticated (SASL2) from {}", user, transport.describe()));
    }
  }

  void phase(Phase next) {
    phase = next;
  }

  Phase phase() {
    return phase;
  }

  EntityBareJid user() {
    return user;
  }

  void accountCreatedAt(java.time.Instant createdAt) {
    accountCreatedAt = createdAt;
  }

  java.time.Instant accountCreatedAt() {
    return accountCreatedAt;
  }

  private void onAwaitBind(XmlElement e) {
    if (e.is("iq", Namespaces.JABBER_CLIENT) && "set".equals(e.attr("type"))
        && e.child("bind", Namespaces.BIND).isPresent()) {
      binding.bind(e);
    } else if (e.is("iq", Namespaces.JABBER_CLIENT) && e.child("session", Namespaces.SESSION).isPresent()) {
      transport.send(Stanzas.iqResult(e).withoutAttribute("from").withoutAttribute("to"));
    } else if (e.is("resume", Namespaces.STREAM_MANAGEMENT)) {
      new Resumption(this).resume(e); // stateless but for the stream: made when used
    } else if (e.is("enable", Namespaces.STREAM_MANAGEMENT)) {
      transport.send(new Failed(StanzaErrorCondition.UNEXPECTED_REQUEST).toElement());
    } else if (InBandRegistration.isRegistration(e)) {
      register(e, user);
    } else if (isStanza(e)) {
      closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "bind a resource first");
    } else {
      closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
    }
  }

  /** A resource is bound (or a session resumed) on this stream: stanzas flow from now on. */
  void bound(ClientSession s) {
    session = s;
    phase = Phase.BOUND;
    keepalive.handshakeDone();
    // Bytes per idle session (issue #16): nothing of the negotiation is needed any more.
    sasl = null;
    binding = null;
    accountCreatedAt = null;
  }

  ClientSession session() {
    return session;
  }

  private void onBound(XmlElement e) {
    if (isStanza(e)) {
      onStanza(e);
    } else if (AckRequest.is(e)) {
      if (session.streamManagementEnabled()) {
        session.actor().tell(ConnectionActor.AckRequest.INSTANCE);
      }
    } else if (e.is(Ack.ELEMENT, Ack.NAMESPACE)) {
      Optional<Ack> ack = Ack.parse(e);
      if (ack.isEmpty() || !session.acknowledge(ack.get().h())) {
        closeWithError(StreamErrorCondition.UNDEFINED_CONDITION, "bad acknowledgement");
      }
    } else if (e.is("enable", Namespaces.STREAM_MANAGEMENT)) {
      new Resumption(this).enable(e);
    } else if (e.is("resume", Namespaces.STREAM_MANAGEMENT)) {
      session.writeNonza(new Failed(StanzaErrorCondition.UNEXPECTED_REQUEST).toElement());
    } else if (!byExtension(e)) {
      closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
    }
  }

  /** A nonza one of the node's {@link StreamExtension}s handles. */
  private boolean byExtension(XmlElement e) {
    for (StreamExtension x : services.extensions()) {
      if (x.onNonza(session, e)) {
        return true;
      }
    }
    return false;
  }

  private void onStanza(XmlElement stanza) {
    services.metrics().stanzaIn(StreamMetrics.Kind.of(stanza.name()));
    if (Stanzas.hasMalformedAddress(stanza)) {
      session.actor().tell(new ConnectionActor.Outbound(stanza, true)); // counted, answered here
      // The reply goes to the sender; the malformed address is not repeated as its 'from'.
      Stanzas.errorReply(stanza.withAttribute("from", session.jid().toString()).withoutAttribute("to"),
              StanzaErrorCondition.JID_MALFORMED)
          .ifPresent(this::sendToClient);
      return;
    }
    if (stanza.is("iq", Namespaces.JABBER_CLIENT) && "set".equals(stanza.attr("type"))
        && stanza.child("session", Namespaces.SESSION).isPresent() && addressedToServerOrSelf(stanza)) {
      // RFC 3921 §3 session establishment, sent after bind (Strophe.js does, even when the feature
      // says <optional/>): a no-op that succeeds (RFC 6121 kept it for these clients).
      session.actor().tell(new ConnectionActor.Outbound(stanza, true));
      sendToClient(Stanzas.iqResult(stanza).withoutAttribute("from").withoutAttribute("to"));
      return;
    }
    if (InBandRegistration.isRegistration(stanza) && addressedToServerOrSelf(stanza)) {
      session.actor().tell(new ConnectionActor.Outbound(stanza, true));
      register(stanza, user);
      return;
    }
    session.handedToCluster(services.settings().maxInFlight());
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

  private InBandRegistration.Session registration() {
    if (registration == null) {
      registration = services.registration().session(transport.remoteAddress());
    }
    return registration;
  }

  /** XEP-0077: registration before authentication, or a change (password, removal) after. */
  private void register(XmlElement iq, EntityBareJid authenticated) {
    busy();
    registration().handle(iq, authenticated).whenComplete((outcome, err) -> transport.execute(() -> {
      if (phase == Phase.CLOSED) {
        return;
      }
      XmlElement reply = err == null
          ? outcome.reply()
          : Stanzas.errorReply(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR).orElseThrow();
      if (authenticated == null) {
        transport.send(reply.withoutAttribute("to").withoutAttribute("from"));
      } else {
        sendToClient(reply.withAttribute("to", session != null ? session.jid().toString() : user.toString())
            .withoutAttribute("from"));
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

  private void onStreamClosed() {
    cleanClose = true;
    if (session != null) {
      session.closing();
    }
    phase = Phase.CLOSED;
    transport.closeStream(null);
  }

  // ---------------------------------------------------------------- ending

  /**
   * Ends a session for good: the entity forgets the resource (and tells contacts it is gone), and
   * whatever the client never acknowledged is routed again to the bare JID, where another resource
   * or offline storage takes the messages (RFC 6121 §8.5.3.2.1).
   */
  private static void finish(ClientSession s) {
    List<ClientSession.Sent> unacked = s.end();
    // The actor unbinds after everything the client sent before, then re-routes the unacked.
    s.actor().tell(new ConnectionActor.Stop(true, unacked));
  }

  /**
   * A message this session can no longer take goes to the bare JID (another resource or offline
   * storage); {@code receipt} travels with it. Anything else is dropped (and acknowledged).
   */
  static void reroute(StreamServices services, ClientSession s, XmlElement stanza, Receipt receipt) {
    String type = stanza.attr("type");
    if (!stanza.name().equals("message") || Stanzas.isError(stanza) || "groupchat".equals(type)
        || "headline".equals(type)) {
      Receipt.ack(receipt);
      return;
    }
    services.gateway().route(stanza.withAttribute("to", s.jid().asEntityBareJid().toString()), receipt);
  }

  /** A stanza for the client: counted for XEP-0198 once bound. */
  void sendToClient(XmlElement stanza) {
    if (session != null) {
      session.deliver(stanza);
    } else {
      transport.send(stanza);
    }
  }

  void closeWithError(StreamErrorCondition condition, String text) {
    closeWithError(StreamError.of(condition, text));
  }

  /** RFC 6120 §4.9.1: (a header if none was sent), the error, the closing tag, then the close. */
  void closeWithError(StreamError error) {
    if (phase == Phase.CLOSED && !transport.isOpen()) {
      return;
    }
    if (session != null) {
      session.closing();
    }
    phase = Phase.CLOSED;
    if (error != null) {
      services.metrics().streamError(error.condition());
    }
    if (!headerSent) {
      transport.openStream(StreamHeader.of(Namespaces.JABBER_CLIENT, services.domain().toString(), null, newId(), "en"));
      headerSent = true;
    }
    transport.closeStream(error);
  }

  static boolean isStanza(XmlElement e) {
    return Namespaces.JABBER_CLIENT.equals(e.namespace())
        && (e.name().equals("message") || e.name().equals("presence") || e.name().equals("iq"));
  }

  static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
