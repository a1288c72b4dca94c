package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.bench.sasl.SaslClient;
import io.switchboard.bench.sasl.SaslClientException;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.sasl.SaslPayloads;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client c2s session: the Netty handler and the negotiation state machine in one small
 * object, so that a held session costs the channel, this object and its {@link StreamDecoder}.
 *
 * <pre>
 * CONNECTING -> FEATURES -(starttls)-> STARTTLS -> TLS_HANDSHAKE -> FEATURES
 *            FEATURES -(auth)-> SASL -> FEATURES -(bind)-> BIND [-> SESSION] [-> ROSTER] [-> SM_ENABLE] -> ONLINE
 * ONLINE -(closeStream)-> CLOSING -> ENDED          any phase -(error)-> ENDED
 * </pre>
 *
 * All methods run on the channel's event loop, except {@link #closeStream()}, which hands itself
 * over to it. Incoming bytes are copied into one scratch array per event-loop thread and fed to the
 * decoder; no buffer is kept per connection between reads.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter implements Consumer<StreamEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
  /** Each kind of failure is logged once at WARN with its detail (the summary only counts them). */
  private static final Set<LoginFailure> FIRST_FAILURES = ConcurrentHashMap.newKeySet();
  private static final int SCRATCH_BYTES = 64 * 1024;
  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[SCRATCH_BYTES];
    }
  };

  private enum Phase { CONNECTING, FEATURES, STARTTLS, TLS_HANDSHAKE, SASL, BIND, SESSION, ROSTER, SM_ENABLE, ONLINE, CLOSING, ENDED }

  private final SessionContext context;
  private final int user;
  private final long startNanos;
  private Channel channel;
  private StreamDecoder decoder;
  private Phase phase = Phase.CONNECTING;
  private boolean secured;
  private boolean authenticated;
  private boolean wasOnline;
  private boolean sessionRequired;
  /** Set when a STARTTLS proceed restarts the stream: the rest of that read was plaintext. */
  private boolean discardRest;
  /** XEP-0198 enabled: stanzas received since {@code <enabled/>} (h), answered to each {@code <r/>}. */
  private boolean smEnabled;
  private long smHandled;
  private SaslClient sasl;
  private ScheduledFuture<?> loginTimeout;
  /** Position in the owner's list of online sessions, -1 when not listed. */
  private int slot = -1;

  /**
   * @param user the account number (see {@link Credentials})
   * @param startNanos {@link System#nanoTime()} of the connect attempt, for login latency
   */
  public ClientSession(SessionContext context, int user, long startNanos) {
    this.context = context;
    this.user = user;
    this.startNanos = startNanos;
  }

  public int user() {
    return user;
  }

  public String bareJid() {
    return context.settings().credentials().bareJid(user);
  }

  /** Whether the session is bound and has sent initial presence (and is not closing). */
  public boolean isOnline() {
    return phase == Phase.ONLINE;
  }

  /** Whether the channel accepts writes without queueing beyond its high-water mark. */
  public boolean isWritable() {
    return channel != null && channel.isWritable();
  }

  public int slot() {
    return slot;
  }

  public void slot(int slot) {
    this.slot = slot;
  }

  /** Sends raw XML (a stanza); dropped when the channel is gone. Call on the event loop. */
  public void send(String xml) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return;
    }
    ByteBuf buf = ByteBufUtil.writeUtf8(ch.alloc(), xml);
    if (secured) {
      ch.writeAndFlush(buf); // SslHandler needs real promises
    } else {
      ch.writeAndFlush(buf, ch.voidPromise());
    }
  }

  /**
   * Ends the session politely: an online session closes its stream and the channel closes when
   * the server answers (or when the caller gives up and closes channels); a session still
   * logging in is closed at once. Safe from any thread.
   */
  public void closeStream() {
    Channel ch = channel;
    if (ch == null) {
      return;
    }
    if (!ch.eventLoop().inEventLoop()) {
      ch.eventLoop().execute(this::closeStream);
      return;
    }
    if (phase == Phase.ONLINE) {
      phase = Phase.CLOSING;
      send(ClientStanzas.CLOSE);
    } else if (phase != Phase.CLOSING && phase != Phase.ENDED) {
      end();
      context.listener().onClosed(this, false);
      ch.close();
    }
  }

  // ---- channel events -------------------------------------------------------------------

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    long timeoutNanos = context.settings().loginTimeout().toNanos() - (System.nanoTime() - startNanos);
    loginTimeout = ctx.executor().schedule(() -> fail(LoginFailure.TIMEOUT, "login timeout"),
        Math.max(1, timeoutNanos), TimeUnit.NANOSECONDS);
  }

  /** The connect attempt's outcome; a failed connect never becomes active. */
  public void connectFailed(Throwable cause) {
    LOG.debug("connect failed for user {}: {}", user, cause.toString());
    fail(LoginFailure.CONNECT, "connect failed");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    decoder = new StreamDecoder(context.settings().decoderLimits(), Set.of(Namespaces.JABBER_CLIENT));
    openStream();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      byte[] scratch = SCRATCH.get();
      while (buf.isReadable() && phase != Phase.ENDED) {
        int n = Math.min(buf.readableBytes(), scratch.length);
        buf.readBytes(scratch, 0, n);
        feed(scratch, n);
      }
    } finally {
      buf.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (phase == Phase.CLOSING) {
      end();
      context.listener().onClosed(this, true);
    } else {
      fail(LoginFailure.CLOSED, "connection closed");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    boolean tls = cause instanceof SSLException || cause.getCause() instanceof SSLException;
    LOG.debug("user {}: {}", user, cause.toString());
    fail(tls ? LoginFailure.TLS : LoginFailure.CLOSED, cause.getClass().getSimpleName());
  }

  private void feed(byte[] bytes, int length) {
    int offset = 0;
    int remaining = length;
    try {
      while (remaining > 0 && phase != Phase.ENDED) {
        discardRest = false;
        int left = decoder.feed(bytes, offset, remaining, this);
        if (left == 0 || discardRest || decoder.isStreamClosed()) {
          return;
        }
        offset += remaining - left;   // the stream was restarted after SASL success: go on
        remaining = left;
      }
    } catch (StreamErrorException e) {
      fail(LoginFailure.PROTOCOL, "bad XML from server: " + e.condition());
    }
  }

  // ---- stream events -------------------------------------------------------------------

  @Override
  public void accept(StreamEvent event) {
    if (event instanceof StreamEvent.ElementReceived received) {
      onElement(received.element());
    } else if (event == StreamEvent.StreamClosed.INSTANCE) {
      if (phase == Phase.CLOSING) {
        channel.close();
      } else {
        fail(LoginFailure.CLOSED, "server closed the stream");
      }
    }
    // StreamOpened and whitespace need no action: features follow the header.
  }

  private void onElement(XmlElement el) {
    if (el.is("error", Namespaces.STREAMS)) {
      String condition = el.elements().isEmpty() ? "?" : el.elements().get(0).name();
      fail(LoginFailure.STREAM_ERROR, "stream error " + condition);
      return;
    }
    switch (phase) {
      case FEATURES -> onFeatures(el);
      case STARTTLS -> onStartTlsAnswer(el);
      case SASL -> onSasl(el);
      case BIND -> onIqAnswer(el, ClientStanzas.BIND_ID, LoginFailure.BIND);
      case SESSION -> onIqAnswer(el, ClientStanzas.SESSION_ID, LoginFailure.BIND);
      case ROSTER -> onIqAnswer(el, ClientStanzas.ROSTER_ID, LoginFailure.PROTOCOL);
      case SM_ENABLE -> onSmEnableAnswer(el);
      case ONLINE, CLOSING -> onOnlineStanza(el);
      default -> fail(LoginFailure.PROTOCOL, "unexpected <" + el.name() + "> in " + phase);
    }
  }

  private void onFeatures(XmlElement features) {
    if (!features.is("features", Namespaces.STREAMS)) {
      fail(LoginFailure.PROTOCOL, "expected stream features, got <" + features.name() + ">");
      return;
    }
    ClientSettings settings = context.settings();
    if (settings.startTls() && !secured) {
      if (features.child("starttls", Namespaces.TLS).isEmpty()) {
        fail(LoginFailure.TLS, "STARTTLS not offered");
        return;
      }
      phase = Phase.STARTTLS;
      send(ClientStanzas.STARTTLS);
    } else if (!authenticated) {
      startSasl(features);
    } else if (features.child("bind", Namespaces.BIND).isPresent()) {
      // RFC 3921 §3 session establishment: only when offered without <optional/> (RFC 6121 dropped it).
      sessionRequired = features.child("session", Namespaces.SESSION)
          .map(s -> s.child("optional", Namespaces.SESSION).isEmpty())
          .orElse(false);
      phase = Phase.BIND;
      send(ClientStanzas.bind(settings.resource()));
    } else {
      fail(LoginFailure.BIND, "resource binding not offered");
    }
  }

  private void startSasl(XmlElement features) {
    ClientSettings settings = context.settings();
    String wanted = settings.mechanism().saslName();
    boolean offered = features.child("mechanisms", Namespaces.SASL)
        .map(m -> m.elements("mechanism", Namespaces.SASL).stream().anyMatch(e -> e.text().trim().equals(wanted)))
        .orElse(false);
    if (!offered) {
      boolean tlsFirst = features.child("starttls", Namespaces.TLS).isPresent();
      fail(LoginFailure.AUTH, wanted + " not offered" + (tlsFirst ? " before TLS (the server offers STARTTLS: --tls starttls)" : ""));
      return;
    }
    Credentials credentials = settings.credentials();
    sasl = settings.mechanism().newClient(credentials.username(user), credentials.password(user),
        settings.scramKeys());
    phase = Phase.SASL;
    send(ClientStanzas.auth(sasl.mechanismName(), sasl.initialResponse()));
  }

  private void onStartTlsAnswer(XmlElement el) {
    if (!el.is("proceed", Namespaces.TLS)) {
      fail(LoginFailure.TLS, "STARTTLS refused");
      return;
    }
    // RFC 6120 §5.4.3.3: bytes after <proceed/> belong to no stream; TLS starts now.
    decoder.restart();
    discardRest = true;
    phase = Phase.TLS_HANDSHAKE;
    SslHandler ssl = context.sslContext().newHandler(channel.alloc());
    channel.pipeline().addFirst("tls", ssl);
    ssl.handshakeFuture().addListener((Future<? super Channel> f) -> {
      if (f.isSuccess()) {
        secured = true;
        openStream();
      } else {
        fail(LoginFailure.TLS, "TLS handshake failed");
      }
    });
  }

  private void onSasl(XmlElement el) {
    if (!Namespaces.SASL.equals(el.namespace())) {
      fail(LoginFailure.PROTOCOL, "unexpected <" + el.name() + "> during SASL");
      return;
    }
    switch (el.name()) {
      case "challenge" -> {
        Optional<byte[]> data = SaslPayloads.decode(el.text().trim());
        if (data.isEmpty()) {
          fail(LoginFailure.AUTH, "bad base64 in challenge");
          return;
        }
        try {
          send(ClientStanzas.response(sasl.respond(data.get())));
        } catch (SaslClientException e) {
          fail(LoginFailure.AUTH, e.getMessage());
        }
      }
      case "success" -> {
        Optional<byte[]> data = SaslPayloads.decode(el.text().trim());
        if (data.isEmpty() || !sasl.verifySuccess(data.get())) {
          fail(LoginFailure.AUTH, "server signature did not verify");
          return;
        }
        sasl = null;
        authenticated = true;
        decoder.restart(); // RFC 6120 §6.4.6: new stream after success
        openStream();
      }
      case "failure" -> {
        String condition = el.elements().isEmpty() ? "?" : el.elements().get(0).name();
        fail(LoginFailure.AUTH, "SASL failure " + condition);
      }
      default -> fail(LoginFailure.PROTOCOL, "unexpected <" + el.name() + "> during SASL");
    }
  }

  private void onIqAnswer(XmlElement el, String id, LoginFailure failure) {
    if (!el.name().equals("iq") || !id.equals(el.attr("id"))) {
      if (el.name().equals("iq")) {
        answerIq(el); // e.g. a roster push racing the roster result
      }
      return; // anything else before initial presence is ignored
    }
    if (!"result".equals(el.attr("type"))) {
      fail(failure, "IQ " + id + " answered with " + el.attr("type"));
      return;
    }
    if (phase == Phase.BIND && sessionRequired) {
      phase = Phase.SESSION;
      send(ClientStanzas.SESSION);
    } else if (phase != Phase.ROSTER && context.settings().rosterGet()) {
      phase = Phase.ROSTER;
      send(ClientStanzas.ROSTER_GET);
    } else if (context.settings().streamManagement()) {
      phase = Phase.SM_ENABLE;
      send(ClientStanzas.SM_ENABLE);
    } else {
      goOnline();
    }
  }

  private void onSmEnableAnswer(XmlElement el) {
    if (el.is("enabled", Namespaces.STREAM_MANAGEMENT)) {
      smEnabled = true;
      goOnline();
    } else if (el.is("failed", Namespaces.STREAM_MANAGEMENT)) {
      fail(LoginFailure.PROTOCOL, "XEP-0198 enable failed");
    } else if (el.name().equals("iq")) {
      answerIq(el); // sent before <enabled/>: not counted by the server
    }
  }

  private void goOnline() {
    cancelTimeout();
    phase = Phase.ONLINE;
    wasOnline = true;
    send(ClientStanzas.INITIAL_PRESENCE);
    context.listener().onOnline(this, System.nanoTime() - startNanos);
  }

  private void onOnlineStanza(XmlElement el) {
    if (smEnabled) {
      if (Namespaces.STREAM_MANAGEMENT.equals(el.namespace())) {
        if (el.name().equals("r")) {
          send(ClientStanzas.smAck(smHandled));
        }
        return; // <a/> from the server: nothing to resend here
      }
      smHandled++; // every stanza counts once it is handled, answered or not (XEP-0198 §4)
    }
    if (el.name().equals("iq") && answerIq(el)) {
      return;
    }
    context.listener().onStanza(this, el);
  }

  /** Answers an IQ get/set (RFC 6120 §8.2.3); false for results and errors. */
  private boolean answerIq(XmlElement iq) {
    String type = iq.attr("type");
    if (!"get".equals(type) && !"set".equals(type)) {
      return false;
    }
    boolean known = iq.child("ping", Namespaces.PING).isPresent()
        || ("set".equals(type) && iq.child("query", Namespaces.ROSTER).isPresent());
    send(known ? ClientStanzas.iqResult(iq) : ClientStanzas.iqError(iq));
    return true;
  }

  // ---- helpers -------------------------------------------------------------------------

  private void openStream() {
    phase = Phase.FEATURES;
    send(ClientStanzas.header(context.settings().credentials().domain()));
  }

  private void fail(LoginFailure reason, String detail) {
    if (phase == Phase.ENDED) {
      return;
    }
    boolean online = wasOnline;
    end();
    if (FIRST_FAILURES.add(reason)) {
      LOG.warn("user {} failed: {} ({}); later {} failures are logged at debug only", user, reason, detail, reason);
    } else {
      LOG.debug("user {} failed: {} ({})", user, reason, detail);
    }
    context.listener().onFailed(this, reason, online);
    if (channel != null) {
      channel.close();
    }
  }

  private void end() {
    phase = Phase.ENDED;
    sasl = null;
    cancelTimeout();
  }

  private void cancelTimeout() {
    if (loginTimeout != null) {
      loginTimeout.cancel(false);
      loginTimeout = null;
    }
  }
}
