package io.switchboard.node.s2s;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.s2s.Dialback;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import io.switchboard.sharding.s2s.S2sPing;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incoming server-to-server stream (RFC 6120 §4–§6 for s2s): the header must name a domain
 * this cluster hosts ({@code <host-unknown/>} otherwise); STARTTLS (required by default); then the
 * peer authenticates one or more (remote, local) domain pairs, by SASL EXTERNAL when its
 * certificate is valid for its domain ({@link PeerCertificates}), or by dialback (XEP-0220, the
 * receiving role: the key is checked with the authoritative server through the
 * {@link DialbackVerifier}). It may also ask us, as the authoritative server, to verify a key we
 * issued ({@code <db:verify/>}, answered with the cluster-wide secret).
 *
 * <p>Every stanza must come from a domain authenticated on this stream and go to the local domain
 * it was authenticated for: otherwise {@code <invalid-from/>} (or {@code <host-unknown/>} for a
 * domain not hosted here), before authentication {@code <not-authorized/>}; a stanza without
 * {@code from} or {@code to} {@code <improper-addressing/>}; the decoder's limits
 * {@code <policy-violation/>}. Nothing of a refused stanza is delivered. Accepted stanzas go to the
 * Router as they are ({@code from} is the peer's, already checked). A peer faster than
 * {@code max-stanzas-per-second} (stanzas and dialback elements) has its reads paused.
 *
 * <p>XEP-0288: with {@code bidi} on, {@code <bidi xmlns='urn:xmpp:features:bidi'/>} is offered
 * (after TLS when TLS is required); a peer that asks with {@code <bidi xmlns='urn:xmpp:bidi'/>}
 * gets, for each domain pair it authenticates, this stream offered to the pair's
 * {@code RemoteDomain} entity ({@link BidiLinks}), which then writes our stanzas from the local
 * domain to the remote one here instead of dialling out ({@link InboundBidi}).
 *
 * <p>Dialback is {@link InboundDialback}'s, XEP-0199 liveness {@link InboundPing}'s; both, and
 * {@link InboundBidi}, see the stream through {@link InboundState}.
 *
 * <p>Runs on the channel's event loop; the dialback check hops back with {@code ctx.executor()}.
 */
final class InboundStream extends ChannelInboundHandlerAdapter implements InboundState {
  private static final Logger log = LoggerFactory.getLogger(InboundStream.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final S2sContext deps;
  private final S2sDecoder decoder;
  private final boolean directTls;
  private ChannelHandlerContext ctx;
  private S2sWire wire;
  private S2sStreams.Entry entry;
  private ScheduledFuture<?> deadline;

  private String streamId;
  /**
   * This connection in the cluster's stream leases ({@code PeerStreams}): one for the connection,
   * where {@link #streamId} is new with every stream header (RFC 6120 §4.7.3). After SASL EXTERNAL
   * the stream restarts; leasing under the stream id left the first id unreleased, so a stream lost
   * soon after it authenticated was announced lost only when that lease ran out.
   */
  private final String connectionId = HexFormat.of().formatHex(random());
  private String local;
  private String peer;
  private boolean version;
  private boolean secure;
  private boolean saslDone;
  private List<X509Certificate> peerChain = List.of();
  /** Authenticated pairs as "remote local". */
  private final Set<String> pairs = new HashSet<>();
  private boolean closed;
  /** The peer ended the stream politely, or this node did (shutdown): no loss of its domains. */
  private boolean ended;
  private final Set<String> peers = new HashSet<>();
  private final ReadThrottle throttle;
  private final InboundPing ping;
  private InboundDialback dialback;
  private InboundBidi bidi;

  InboundStream(S2sContext deps, S2sDecoder decoder, boolean directTls) {
    this.deps = deps;
    this.decoder = decoder;
    this.directTls = directTls;
    this.throttle = new ReadThrottle(deps.settings().maxStanzasPerSecond());
    this.ping = new InboundPing(deps, this, connectionId);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.wire = new S2sWire(ctx.channel());
    this.dialback = new InboundDialback(deps, ctx, wire, this);
    this.bidi = new InboundBidi(deps, ctx, wire, this);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    entry = deps.streams().open("in");
    deadline = ctx.executor().schedule(() -> {
      if (pairs.isEmpty() && !closed) {
        fail(StreamErrorCondition.CONNECTION_TIMEOUT, "not authenticated in time");
      }
    }, deps.settings().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
    ping.stop();
    for (String p : peers) {
      deps.cluster().streamDown(p, connectionId, !ended);
    }
    bidi.end();
    if (!ended && !peers.isEmpty()) {
      log.info("s2s in {}: stream from {} lost", remote(), peers);
    }
    if (entry != null) {
      deps.streams().closed(entry);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent hs) {
      if (hs.isSuccess()) {
        secure = true;
        entry.tls = true;
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        peerChain = ssl == null ? List.of() : PeerCertificates.chainOf(ssl.engine().getSession());
      } else {
        log.info("s2s in {}: TLS handshake failed: {}", remote(), hs.cause().getMessage());
        closed = true;
        ctx.close();
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("s2s in {} failed: {}", remote(), cause.toString());
    closed = true;
    ctx.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closed) {
      return;
    }
    ping.read();
    try {
      if (msg instanceof S2sDecoder.Failure f) {
        log.info("s2s in {} ({}): stream error {}: {}", remote(), peer, f.error().condition().elementName(),
            f.error().text());
        close(f.error());
      } else if (msg instanceof StreamEvent.StreamOpened h) {
        onHeader(h);
      } else if (msg instanceof StreamEvent.ElementReceived e) {
        onElement(e.element());
      } else if (msg == StreamEvent.StreamClosed.INSTANCE) {
        closed = true;
        ended = true;
        wire.write(io.switchboard.protocol.stream.StreamHeader.CLOSE)
            .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
      }
    } catch (RuntimeException e) {
      log.warn("s2s in {}: internal error: {}", remote(), e.toString(), e);
      fail(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
    }
  }

  // ------------------------------------------------------------------------------ negotiation

  private void onHeader(StreamEvent.StreamOpened h) {
    streamId = HexFormat.of().formatHex(random());
    version = h.version().map(v -> v.startsWith("1.")).orElse(false);
    String to = h.to().map(String::trim).orElse("");
    if (!deps.hosted(to)) {
      wire.header(null, h.from().orElse(null), streamId, version);
      log.info("s2s in {}: stream for unknown domain '{}' from '{}': <host-unknown/>", remote(), to,
          h.from().orElse(""));
      fail(StreamErrorCondition.HOST_UNKNOWN, "this server does not serve " + to);
      return;
    }
    local = to;
    peer = h.from().flatMap(Jids::parse).filter(Jid::isDomainBareJid).map(Object::toString).orElse(null);
    entry.local = local;
    if (peer != null && entry.remote.isEmpty()) {
      entry.remote = peer;
    }
    wire.header(local, peer, streamId, version);
    if (version) {
      wire.send(features());
    }
  }

  private XmlElement features() {
    XmlElement.Builder f = XmlElement.builder("features", Namespaces.STREAMS);
    if (!secure) {
      XmlElement.Builder tls = XmlElement.builder("starttls", Namespaces.TLS);
      if (deps.settings().tlsRequired()) {
        tls.child(XmlElement.of("required", Namespaces.TLS));
      }
      f.child(tls);
      if (!deps.settings().tlsRequired()) {
        f.child(dialbackFeature());
        bidi.feature(f);
      }
      return f.build();
    }
    if (!saslDone) {
      if (peer != null && certificateValidFor(peer)) {
        f.child(XmlElement.builder("mechanisms", Namespaces.SASL)
            .child(XmlElement.builder("mechanism", Namespaces.SASL).text("EXTERNAL")));
      }
      if (deps.settings().secureAuth() == S2sSettings.SecureAuth.DIALBACK) {
        f.child(dialbackFeature());
      }
      bidi.feature(f);
    }
    return f.build();
  }

  private static XmlElement.Builder dialbackFeature() {
    return XmlElement.builder("dialback", Namespaces.DIALBACK_FEATURE)
        .child(XmlElement.of("errors", Namespaces.DIALBACK_FEATURE));
  }

  @Override
  public boolean certificateValidFor(String domain) {
    PeerCertificates.Verdict v = deps.certificates().check(peerChain, domain);
    if (!v.valid()) {
      log.debug("s2s in {}: certificate not valid for {}: {}", remote(), domain, v.reason());
    }
    return v.valid();
  }

  private void onElement(XmlElement e) {
    if (local == null) {
      return;
    }
    if (e.is("starttls", Namespaces.TLS)) {
      onStartTls();
      return;
    }
    if (!secure && deps.settings().tlsRequired()) {
      log.info("s2s in {} ({}): <{}/> before TLS: <policy-violation/>", remote(), peer, e.name());
      fail(StreamErrorCondition.POLICY_VIOLATION, "TLS is required");
      return;
    }
    if (e.is("auth", Namespaces.SASL)) {
      onAuth(e);
    } else if (Dialback.isDialback(e)) {
      dialback.onDialback(e);
      throttle.read(ctx);
    } else if (e.is("bidi", Namespaces.BIDI) && deps.settings().bidi()) {
      bidi.request(entry, peer);
    } else if (S2sNamespace.isStanza(e)) {
      onStanza(e);
    } else {
      log.info("s2s in {} ({}): unsupported <{} xmlns='{}'/>", remote(), peer, e.name(), e.namespace());
      fail(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
    }
  }

  private void onStartTls() {
    if (secure) {
      wire.send(XmlElement.of("failure", Namespaces.TLS));
      closed = true;
      ctx.close();
      return;
    }
    SslHandler ssl = deps.tls().server().newHandler(ctx.alloc());
    // startTls=true: the <proceed/> below still leaves in plaintext, everything after is TLS.
    ctx.pipeline().addFirst("tls", new SslHandler(ssl.engine(), true));
    wire.send(XmlElement.of("proceed", Namespaces.TLS));
    wire.restarted();
    decoder.restart(true); // RFC 6120 §5.4.3.3: plaintext after <starttls/> is discarded
  }

  /** SASL EXTERNAL (RFC 6120 §6.4, §13.7.1; XEP-0178). */
  private void onAuth(XmlElement auth) {
    if (saslDone) {
      fail(StreamErrorCondition.POLICY_VIOLATION, "already authenticated");
      return;
    }
    if (!"EXTERNAL".equals(auth.attr("mechanism"))) {
      wire.send(saslFailure("invalid-mechanism"));
      return;
    }
    String authzid = decode(auth.text().trim());
    String domain = authzid == null || authzid.isEmpty() ? peer : authzid;
    if (domain == null || !deps.settings().allowed(domain)) {
      log.info("s2s in {}: EXTERNAL for '{}' refused by policy", remote(), domain);
      wire.send(saslFailure("not-authorized"));
      return;
    }
    if (!certificateValidFor(domain)) {
      log.info("s2s in {}: EXTERNAL for {} refused: the certificate is not valid for it", remote(), domain);
      wire.send(saslFailure("not-authorized"));
      return;
    }
    saslDone = true;
    authenticated(domain, local, S2sMetrics.EXTERNAL);
    wire.send(XmlElement.of("success", Namespaces.SASL));
    wire.restarted();
    decoder.restart(false);
  }

  private static String decode(String text) {
    if (text.isEmpty() || text.equals("=")) {
      return "";
    }
    try {
      return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static XmlElement saslFailure(String condition) {
    return XmlElement.builder("failure", Namespaces.SASL).child(XmlElement.of(condition, Namespaces.SASL)).build();
  }

  @Override
  public void authenticated(String remoteDomain, String localDomain, String how) {
    pairs.add(S2sAddressing.pair(remoteDomain, localDomain));
    entry.remote = remoteDomain;
    entry.local = localDomain;
    deps.streams().authenticated(entry, how);
    if (deadline != null) {
      deadline.cancel(false);
    }
    log.info("s2s in {}: {} authenticated for {} by {}{}", remote(), remoteDomain, localDomain, how,
        secure ? " over TLS" : "");
    if (peers.add(remoteDomain)) {
      deps.cluster().streamUp(remoteDomain, connectionId);
    }
    bidi.authenticated(localDomain, remoteDomain);
    ping.start(ctx);
  }

  // ---------------------------------------------------------------------------------- stanzas

  private void onStanza(XmlElement e) {
    if (pairs.isEmpty()) {
      log.info("s2s in {} ({}): stanza before authentication: <not-authorized/>", remote(), peer);
      fail(StreamErrorCondition.NOT_AUTHORIZED, "authenticate first");
      return;
    }
    var refusal = S2sAddressing.check(e.attr("from"), e.attr("to"), deps::hosted, pairs);
    if (refusal.isPresent()) {
      log.warn("s2s in {}: stanza from '{}' to '{}' on a stream authenticated for {}: <{}/>", remote(), e.attr("from"),
          e.attr("to"), pairs, refusal.get().elementName());
      fail(refusal.get(), switch (refusal.get()) {
        case IMPROPER_ADDRESSING -> "a stanza needs from and to";
        case HOST_UNKNOWN -> "the 'to' domain is not served here";
        default -> "the 'from' domain is not authenticated on this stream";
      });
      return;
    }
    String fromDomain = Jids.parse(e.attr("from")).orElseThrow().getDomain().toString();
    String toDomain = Jids.parse(e.attr("to")).orElseThrow().getDomain().toString();
    deps.streams().stanza(entry);
    if (S2sPing.isAnswer(e)) {
      entry.pings.incrementAndGet();
      // An answer to one of our pings: for the RemoteDomain entity that sent it, or for us (it
      // is traffic on this stream either way); not for the Router.
      if (e.attr("id").startsWith(S2sPing.OUTGOING)) {
        deps.cluster().pingAnswered(toDomain, fromDomain, e.attr("id"));
      }
      return;
    }
    deps.routing().route(S2sNamespace.toCluster(e));
    throttle.read(ctx);
  }

  // ---------------------------------------------------------------------------------- closing

  /** Node shutdown. */
  void shutdown() {
    ctx.executor().execute(() -> {
      ended = true;
      fail(StreamErrorCondition.SYSTEM_SHUTDOWN, "the node is shutting down");
    });
  }

  @Override
  public void fail(StreamErrorCondition condition, String text) {
    close(StreamError.of(condition, text));
  }

  private void close(StreamError error) {
    if (wire.isClosed()) {
      return;
    }
    closed = true;
    if (error != null) {
      deps.streams().metrics().streamError(error.condition());
    }
    wire.closeWithError(error, local);
  }

  private static byte[] random() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public Object remote() {
    return ctx == null ? "?" : ctx.channel().remoteAddress();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Set<String> pairs() {
    return pairs;
  }

  @Override
  public Set<String> peers() {
    return peers;
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public String streamId() {
    return streamId;
  }
}
