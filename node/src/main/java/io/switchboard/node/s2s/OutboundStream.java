package io.switchboard.node.s2s;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.s2s.Dialback;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.s2s.OutboundLinks;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outgoing server-to-server stream from {@code local} to {@code remote}, the initiating side of
 * RFC 6120 §4–§6: header, STARTTLS (required by default; XEP-0368 direct TLS when the target says
 * so), the peer's certificate checked against {@code remote} ({@link PeerCertificates}), then SASL
 * EXTERNAL if the peer offers it (it does when our certificate is valid for {@code local}), else
 * dialback (XEP-0220, the originating role: a key from the cluster-wide secret, which the peer
 * checks with any of our nodes). With {@code secure-auth = required} a peer whose certificate is
 * not valid for its domain is not used.
 *
 * <p>In {@link Mode#LINK} it then serves a {@link io.switchboard.sharding.s2s.RemoteDomain} entity
 * as its {@link OutboundLinks.Link}: stanzas are written in order and reported written when the
 * socket took them; with nothing to send for {@code idle-timeout} it closes. In
 * {@link Mode#VERIFY} it only asks a {@code <db:verify/>} for an incoming stream and completes
 * {@code verdict}.
 *
 * <p>XEP-0288: in {@link Mode#LINK}, with {@code bidi} on, we ask for a bidirectional stream when
 * the peer offers one, and the peer's stanzas on it are checked and routed as on an incoming
 * stream ({@link OutboundBidi}).
 */
final class OutboundStream extends ChannelInboundHandlerAdapter implements OutboundLinks.Link {
  private static final Logger log = LoggerFactory.getLogger(OutboundStream.class);

  enum Mode { LINK, VERIFY }

  /** The reasons of {@link #failed} that are no loss of the peer. */
  private static final Set<String> POLITE = Set.of("the peer closed the stream", "idle", "node shutdown");

  /** What a {@link Mode#VERIFY} stream asks. */
  record VerifyRequest(String streamId, String key, CompletableFuture<Boolean> verdict) {}

  private final S2sContext deps;
  private final S2sDecoder decoder;
  private final String local;
  private final String remote;
  private final boolean directTls;
  private final Mode mode;
  private final OutboundLinks.Listener listener;
  private final VerifyRequest verify;
  private ChannelHandlerContext ctx;
  private S2sWire wire;
  private S2sStreams.Entry entry;
  private ScheduledFuture<?> deadline;
  private ScheduledFuture<?> idleCheck;

  private String streamId;
  private boolean secure;
  private boolean certValid;
  private boolean headerHadDialback;
  private boolean externalTried;
  private boolean authenticated;
  private boolean up;
  private boolean done;
  private final OutboundBidi bidi;
  private String auth = "none";
  private long lastWrite = System.nanoTime();

  OutboundStream(S2sContext deps, S2sDecoder decoder, String local, String remote, boolean directTls, Mode mode,
      OutboundLinks.Listener listener, VerifyRequest verify) {
    this.deps = deps;
    this.decoder = decoder;
    this.local = local;
    this.remote = remote;
    this.directTls = directTls;
    this.mode = mode;
    this.listener = listener;
    this.verify = verify;
    this.bidi = new OutboundBidi(deps, local, remote);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.wire = new S2sWire(ctx.channel());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (mode == Mode.LINK) {
      entry = deps.streams().open("out");
      entry.local = local;
      entry.remote = remote;
    }
    deadline = ctx.executor().schedule(() -> {
      if (!up && !done) {
        failed("no answer within " + deps.settings().handshakeTimeout().toSeconds() + " s");
      }
    }, deps.settings().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!directTls) {
      wire.header(local, remote, null, true);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent hs) {
      if (!hs.isSuccess()) {
        failed("TLS handshake failed: " + hs.cause().getMessage());
        return;
      }
      secure = true;
      if (entry != null) {
        entry.tls = true;
      }
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      List<X509Certificate> chain = ssl == null ? List.of() : PeerCertificates.chainOf(ssl.engine().getSession());
      PeerCertificates.Verdict v = deps.certificates().check(chain, remote);
      certValid = v.valid();
      if (!certValid) {
        log.info("s2s out {} -> {}: the peer's certificate is not valid for {}: {}", local, remote, remote, v.reason());
        if (deps.settings().secureAuth() == S2sSettings.SecureAuth.REQUIRED) {
          failed("secure-auth requires a valid certificate (" + v.reason() + ")");
          return;
        }
      }
      wire.restarted();
      wire.header(local, remote, null, true);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (done) {
      return;
    }
    try {
      if (msg instanceof S2sDecoder.Failure f) {
        log.info("s2s out {} -> {}: the peer's stream is bad: {}", local, remote, f.error().condition().elementName());
        wire.closeWithError(f.error(), local);
        failed("bad stream from the peer");
      } else if (msg instanceof StreamEvent.StreamOpened h) {
        streamId = h.id().orElse(null);
        headerHadDialback = Namespaces.DIALBACK.equals(h.attributes().get("xmlns:db"));
        if (h.version().isEmpty()) {
          authenticate(null); // a pre-1.0 server: no features, dialback straight away
        }
      } else if (msg instanceof StreamEvent.ElementReceived e) {
        onElement(e.element());
      } else if (msg == StreamEvent.StreamClosed.INSTANCE) {
        wire.write(StreamHeader.CLOSE).addListener(ChannelFutureListener.CLOSE);
        failed("the peer closed the stream");
      }
    } catch (RuntimeException e) {
      log.warn("s2s out {} -> {}: internal error: {}", local, remote, e.toString(), e);
      failed("internal error");
      ctx.close();
    }
  }

  private void onElement(XmlElement e) {
    if (e.is("features", Namespaces.STREAMS)) {
      onFeatures(e);
    } else if (e.is("proceed", Namespaces.TLS)) {
      SslHandler ssl = deps.tls().client().newHandler(ctx.alloc(), remote, 5269);
      ctx.pipeline().addFirst("tls", ssl);
      decoder.restart(true);
    } else if (e.is("success", Namespaces.SASL)) {
      authenticated = true;
      auth = S2sMetrics.EXTERNAL;
      decoder.restart(false);
      wire.restarted();
      wire.header(local, remote, null, true);
    } else if (e.is("failure", Namespaces.SASL)) {
      log.info("s2s out {} -> {}: SASL EXTERNAL refused, trying dialback", local, remote);
      dialback();
    } else if (e.is("error", Namespaces.STREAMS)) {
      String condition = StreamError.fromElement(e).map(se -> se.condition().elementName()).orElse("?");
      log.info("s2s out {} -> {}: stream error from the peer: {}", local, remote, condition);
      failed("stream error " + condition);
      ctx.close();
    } else if (Dialback.isDialback(e)) {
      onDialback(e);
    } else if (bidi.asked() && S2sNamespace.isStanza(e)) {
      onStanza(e);
    } else {
      log.debug("s2s out {} -> {}: ignoring <{}/> on an outgoing stream", local, remote, e.name());
    }
  }

  private void onFeatures(XmlElement features) {
    if (authenticated) {
      becomeUp();
      return;
    }
    if (!secure && !directTls && features.child("starttls", Namespaces.TLS).isPresent()) {
      wire.send(XmlElement.of("starttls", Namespaces.TLS));
      return;
    }
    if (!secure && deps.settings().tlsRequired()) {
      failed("the peer offers no TLS, which is required");
      return;
    }
    authenticate(features);
  }

  private void authenticate(XmlElement features) {
    if (mode == Mode.VERIFY) {
      wire.send(Dialback.Verify.request(local, remote, verify.streamId(), verify.key()).toElement());
      return;
    }
    bidi.askIfOffered(features, secure, entry, wire);
    boolean external = features != null && secure && features.child("mechanisms", Namespaces.SASL)
        .map(m -> m.elements("mechanism", Namespaces.SASL).stream().anyMatch(x -> x.text().trim().equals("EXTERNAL")))
        .orElse(false);
    if (external && !externalTried) {
      externalTried = true;
      wire.send(XmlElement.builder("auth", Namespaces.SASL).attr("mechanism", "EXTERNAL")
          .text(Base64.getEncoder().encodeToString(local.getBytes(StandardCharsets.UTF_8))).build());
      return;
    }
    boolean dialbackOffered = features == null || headerHadDialback
        || features.child("dialback", Namespaces.DIALBACK_FEATURE).isPresent();
    if (!dialbackOffered) {
      failed("the peer offers neither SASL EXTERNAL nor dialback");
      return;
    }
    dialback();
  }

  private void dialback() {
    if (streamId == null) {
      failed("the peer's stream has no id, needed for dialback");
      return;
    }
    String key = deps.dialbackKey().generate(remote, local, streamId);
    wire.send(Dialback.Result.request(local, remote, key).toElement());
  }

  private void onDialback(XmlElement e) {
    var result = Dialback.result(e);
    if (mode == Mode.LINK && result.isPresent() && result.get().type() != Dialback.Type.REQUEST) {
      if (result.get().type() == Dialback.Type.VALID) {
        auth = S2sMetrics.DIALBACK;
        becomeUp();
      } else {
        log.warn("s2s out {} -> {}: dialback refused ({})", local, remote, result.get().type());
        failed("dialback refused");
        wire.closeWithError(null, local);
      }
      return;
    }
    var v = Dialback.verify(e);
    if (mode == Mode.VERIFY && v.isPresent() && v.get().type() != Dialback.Type.REQUEST) {
      done = true;
      verify.verdict().complete(v.get().type() == Dialback.Type.VALID && verify.streamId().equals(v.get().id()));
      wire.closeWithError(null, local);
    }
  }

  private void becomeUp() {
    if (up) {
      return;
    }
    up = true;
    deadline.cancel(false);
    if (entry != null) {
      deps.streams().authenticated(entry, auth);
    }
    log.info("s2s out {} -> {}: stream up ({}{})", local, remote, auth, secure ? ", TLS" : "");
    long idleNanos = deps.settings().idleTimeout().toNanos();
    idleCheck = ctx.executor().scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastWrite >= idleNanos && !done) {
        log.debug("s2s out {} -> {}: idle, closing", local, remote);
        failed("idle");
        wire.closeWithError(null, local);
      }
    }, idleNanos / 4, idleNanos / 4, TimeUnit.NANOSECONDS);
    listener.up(this);
    // A peer announced lost may never open a stream to us: reaching it is its return too.
    deps.cluster().outboundUp(local, remote);
    bidi.up(ctx, () -> done);
  }

  /** XEP-0288: a stanza from the peer on our bidirectional stream ({@link OutboundBidi#onStanza}). */
  private void onStanza(XmlElement e) {
    Optional<String> refused = bidi.onStanza(e, up, wire, ctx);
    if (refused.isPresent()) {
      failed(refused.get());
      return;
    }
    lastWrite = System.nanoTime(); // traffic either way keeps the stream from closing as idle
  }

  // ----------------------------------------------------------------------- OutboundLinks.Link

  @Override
  public void send(long seq, XmlElement stanza) {
    onLoop(() -> {
      if (done || !ctx.channel().isActive()) {
        return; // the entity hears down() and sends it again on the next stream
      }
      if (!wire.sendQueued(seq, stanza, deps.settings().maxPendingOutboundBytes(), listener)) {
        log.warn("s2s out {} -> {}: the peer does not read ({} bytes pending); closing", local, remote,
            wire.pendingBytes());
        failed("the peer does not read");
        ctx.close();
        return;
      }
      lastWrite = System.nanoTime();
      if (entry != null) {
        deps.streams().stanza(entry);
      }
    });
  }

  /** XEP-0199: written like a stanza, but not traffic that keeps the stream from closing when idle. */
  @Override
  public void ping(XmlElement iq) {
    onLoop(() -> {
      if (!done && ctx.channel().isActive()) {
        if (entry != null) {
          entry.pings.incrementAndGet();
        }
        wire.send(S2sNamespace.toServer(iq));
      }
    });
  }

  @Override
  public void close() {
    onLoop(() -> {
      if (!done) {
        done = true;
        bidi.end(false);
        wire.closeWithError(null, local);
      }
    });
  }

  private void onLoop(Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      // The node is stopping; the entity sends again from its journal.
    }
  }

  // --------------------------------------------------------------------------------- closing

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("s2s out {} -> {}: {}", local, remote, cause.toString());
    failed(cause.toString());
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    failed("connection closed");
    if (entry != null) {
      deps.streams().closed(entry);
    }
    ctx.fireChannelInactive();
  }

  /** Reports the end once: down() to the entity, or false to a verification. */
  private void failed(String reason) {
    if (done) {
      return;
    }
    done = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    // Polite ends are no loss: the peer's </stream:stream>, our idle close, a shutdown, or the
    // entity's close (passivation, or a ping timeout it cannot tell us apart).
    bidi.end(!POLITE.contains(reason));
    if (mode == Mode.VERIFY) {
      verify.verdict().complete(false);
    } else {
      listener.down(reason, false);
    }
    if (ctx.channel().isActive() && !wire.isClosed() && !reason.equals("idle") && !reason.equals("dialback refused")) {
      ctx.close();
    }
  }

  /** Node shutdown: end the stream politely. */
  void shutdown() {
    onLoop(() -> {
      failed("node shutdown");
      wire.closeWithError(null, local);
    });
  }
}
