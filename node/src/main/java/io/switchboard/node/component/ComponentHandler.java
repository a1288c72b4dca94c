package io.switchboard.node.component;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.node.net.FailureThrottle;
import io.switchboard.node.net.LingeringClose;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.component.ComponentSession;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component stream (XEP-0114, jabber:component:accept): the stream header names the
 * component's domain, the component proves the shared secret with {@code <handshake/>}, the
 * connection registers with the domain's {@link ComponentSession} entity, and then stanzas flow
 * both ways.
 *
 * <p>Stream errors: a domain that is not configured gets {@code <host-unknown/>}; a wrong
 * handshake, or anything but a handshake before it, {@code <not-authorized/>}; a second
 * connection for a domain that is connected {@code <conflict/>} (refused, not load-balanced); a
 * stanza whose {@code from} is not the component's domain or a JID at it {@code <invalid-from/>};
 * a stanza without {@code to} {@code <improper-addressing/>}; a first-level element that is not a
 * stanza {@code <unsupported-stanza-type/>}; no handshake within the timeout
 * {@code <connection-timeout/>}; the decoder's limits {@code <policy-violation/>} and friends; a
 * component that stops reading while stanzas for it pile up {@code <resource-constraint/>}; an
 * address with too many failed handshakes in the throttle's window {@code <policy-violation/>}.
 *
 * <p>Runs on the channel's event loop; the connection actor and the register round trip hop back
 * with {@code ctx.executor().execute}.
 */
final class ComponentHandler extends ChannelInboundHandlerAdapter implements ComponentConnection.Stream {
  private static final Logger log = LoggerFactory.getLogger(ComponentHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_PENDING = 256;

  enum Phase { AWAIT_HEADER, AWAIT_HANDSHAKE, REGISTERING, ACTIVE, CLOSED }

  private final ComponentServer.Dependencies deps;
  private final ArrayDeque<XmlElement> pending = new ArrayDeque<>();
  /** Stanzas the entity sent before this handler saw its registration answer (they race). */
  private final ArrayDeque<XmlElement> early = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Phase phase = Phase.AWAIT_HEADER;
  private boolean headerSent;
  private String streamId;
  private DomainBareJid domain;
  private ActorRef<Object> actor;
  private ScheduledFuture<?> deadline;

  private final FailureThrottle throttle;

  ComponentHandler(ComponentServer.Dependencies deps, FailureThrottle throttle) {
    this.deps = deps;
    this.throttle = throttle;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    deadline = ctx.executor().schedule(() -> {
      if (phase != Phase.ACTIVE && phase != Phase.CLOSED) {
        closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no handshake in time");
      }
    }, deps.settings().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (phase == Phase.CLOSED) {
      return;
    }
    try {
      if (msg instanceof ComponentDecoder.Failure f) {
        log.info("Stream error for component connection {}: {}", remote(), f.error().condition().elementName());
        closeWithError(f.error());
      } else if (msg instanceof StreamEvent.StreamOpened h) {
        onHeader(h);
      } else if (msg instanceof StreamEvent.ElementReceived e) {
        onElement(e.element());
      } else if (msg == StreamEvent.StreamClosed.INSTANCE) {
        phase = Phase.CLOSED;
        write(StreamHeader.CLOSE).addListener(ChannelFutureListener.CLOSE);
      }
    } catch (RuntimeException e) {
      log.warn("Internal error on component stream {}: {}", remote(), e.toString(), e);
      closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
    }
  }

  private void onHeader(StreamEvent.StreamOpened h) {
    streamId = HexFormat.of().formatHex(randomBytes());
    Optional<Jid> to = h.to().flatMap(Jids::parse);
    boolean configured = to.isPresent() && to.get().isDomainBareJid()
        && deps.settings().secret(to.get().asDomainBareJid()).isPresent();
    // XEP-0114 §3: the answer's from is the component's name; there is no version attribute.
    write(new StreamHeader(Namespaces.COMPONENT_ACCEPT, configured ? to.get().toString() : null, null,
        streamId, null, null, Map.of()).toXml());
    headerSent = true;
    if (!configured) {
      log.info("Component connection {} asked for unknown domain {}", remote(), h.to().orElse("(none)"));
      closeWithError(StreamErrorCondition.HOST_UNKNOWN, "no component is configured for that domain");
      return;
    }
    if (throttle.blocked(ctx.channel().remoteAddress())) {
      log.info("Component connection {} refused: too many failed handshakes from its address", remote());
      closeWithError(StreamErrorCondition.POLICY_VIOLATION,
          "too many failed handshakes from your address; try again later");
      return;
    }
    domain = to.get().asDomainBareJid();
    phase = Phase.AWAIT_HANDSHAKE;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return b;
  }

  private void onElement(XmlElement e) {
    switch (phase) {
      case AWAIT_HANDSHAKE -> onHandshake(e);
      case REGISTERING -> {
        if (pending.size() >= MAX_PENDING) {
          closeWithError(StreamErrorCondition.POLICY_VIOLATION, "too many stanzas before the handshake completed");
        } else {
          pending.addLast(e);
        }
      }
      case ACTIVE -> onStanza(e);
      case AWAIT_HEADER, CLOSED -> { }
    }
  }

  private void onHandshake(XmlElement e) {
    String secret = deps.settings().secret(domain).orElseThrow();
    if (!e.is("handshake", Namespaces.COMPONENT_ACCEPT) || !Handshake.verify(streamId, secret, e.text())) {
      log.info("Component {} from {} failed the handshake", domain, remote());
      throttle.recordFailure(ctx.channel().remoteAddress());
      closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "handshake failed");
      return;
    }
    phase = Phase.REGISTERING;
    actor = deps.system().systemActorOf(
        ComponentConnection.create(domain, deps.routes(), deps.settings().registerTimeout(),
            deps.settings().reregisterInterval(), this),
        "component-" + streamId, Props.empty());
    deps.routes().register(domain, actor.narrow(), deps.settings().registerTimeout())
        .whenComplete((r, err) -> ctx.executor().execute(() -> onRegistered(r, err)));
  }

  private void onRegistered(ComponentSession.Registration r, Throwable err) {
    if (phase != Phase.REGISTERING) {
      return; // closed meanwhile; channelInactive unregisters
    }
    if (r == ComponentSession.Accepted.INSTANCE) {
      phase = Phase.ACTIVE;
      deadline.cancel(false);
      log.info("Component {} connected from {}", domain, remote());
      write("<handshake/>");
      while (!early.isEmpty()) {
        writeStanza(early.removeFirst());
      }
      while (!pending.isEmpty() && phase == Phase.ACTIVE) {
        onStanza(pending.removeFirst());
      }
    } else if (r instanceof ComponentSession.Refused refused) {
      log.info("Component {} from {} refused: {}", domain, remote(), refused.condition());
      closeWithError(ComponentConnection.condition(refused.condition()), "another connection serves " + domain);
    } else {
      log.warn("Component {} could not register: {}", domain, err == null ? "no answer" : err.toString());
      closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, "the cluster did not answer");
    }
  }

  private void onStanza(XmlElement e) {
    if (!isStanza(e)) {
      closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, null);
      return;
    }
    Jid from = Jids.parse(e.attr("from")).orElse(null);
    if (from == null || !from.asDomainBareJid().equals(domain)) {
      // XEP-0114 §3 / RFC 6120 §4.9.3.9: a component speaks only for JIDs at its own domain.
      closeWithError(StreamErrorCondition.INVALID_FROM, "from must be " + domain + " or a JID at it");
      return;
    }
    if (e.attr("to") == null) {
      closeWithError(StreamErrorCondition.IMPROPER_ADDRESSING, "a stanza from a component needs a to");
      return;
    }
    deps.routing().route(ComponentNamespace.toCluster(e));
  }

  private static boolean isStanza(XmlElement e) {
    return ComponentNamespace.isContent(e.namespace())
        && (e.name().equals("message") || e.name().equals("presence") || e.name().equals("iq"));
  }

  // ---------------------------------------------------------------- from the connection actor

  @Override
  public void deliver(XmlElement stanza) {
    onLoop(() -> bounce(stanza), () -> {
      if (phase == Phase.ACTIVE && ctx.channel().isActive()) {
        writeStanza(stanza);
      } else if (phase == Phase.REGISTERING && early.size() < MAX_PENDING) {
        early.addLast(stanza);
      } else {
        bounce(stanza);
      }
    });
  }

  private void writeStanza(XmlElement stanza) {
    ChannelOutboundBuffer buffered = ctx.channel().unsafe().outboundBuffer();
    if (buffered != null && buffered.totalPendingWriteBytes() > deps.settings().maxPendingOutboundBytes()) {
      // The component stopped reading: do not buffer without bound (RFC 6120 §4.9.3.17).
      log.warn("Component {} does not read its stream ({} bytes pending); disconnecting", domain,
          buffered.totalPendingWriteBytes());
      bounce(stanza);
      closeWithError(StreamErrorCondition.RESOURCE_CONSTRAINT, "you are not reading your stream");
      ctx.channel().close(); // the error is queued behind what it does not read: do not wait for it
      return;
    }
    write(StreamHeader.writeTopLevel(ComponentNamespace.toComponent(stanza), Namespaces.COMPONENT_ACCEPT));
  }

  private void bounce(XmlElement stanza) {
    if (Stanzas.mayBounce(stanza) && stanza.attr("from") != null) {
      Stanzas.errorReply(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE).ifPresent(deps.routing()::route);
    }
  }

  @Override
  public void close(StreamErrorCondition condition, String text) {
    onLoop(() -> { }, () -> closeWithError(condition, text));
  }

  /** Ends the stream with {@code <system-shutdown/>} (node shutdown). */
  void shutdown() {
    onLoop(() -> { }, () -> closeWithError(StreamErrorCondition.SYSTEM_SHUTDOWN, "the node is shutting down"));
  }

  /** Runs {@code task} on the channel's event loop, or {@code ifGone} when the loop has shut down. */
  private void onLoop(Runnable ifGone, Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      ifGone.run();
    }
  }

  // ---------------------------------------------------------------- closing

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Component connection {} failed: {}", remote(), cause.toString());
    phase = Phase.CLOSED;
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    phase = Phase.CLOSED;
    if (deadline != null) {
      deadline.cancel(false);
    }
    while (!early.isEmpty()) {
      bounce(early.removeFirst());
    }
    if (actor != null) {
      deps.routes().unregister(domain, actor.narrow());
      actor.tell(ComponentConnection.Stop.INSTANCE);
      actor = null;
    }
    ctx.fireChannelInactive();
  }

  private void closeWithError(StreamErrorCondition condition, String text) {
    closeWithError(StreamError.of(condition, text));
  }

  /** RFC 6120 §4.9.1: (a header if none was sent), the error, the closing tag, then TCP close. */
  private void closeWithError(StreamError error) {
    if (phase == Phase.CLOSED && !ctx.channel().isActive()) {
      return;
    }
    phase = Phase.CLOSED;
    StringBuilder sb = new StringBuilder();
    if (!headerSent) {
      sb.append(new StreamHeader(Namespaces.COMPONENT_ACCEPT, null, null, null, null, null, Map.of()).toXml());
      headerSent = true;
    }
    sb.append(StreamHeader.writeTopLevel(error.toElement(), Namespaces.COMPONENT_ACCEPT)).append(StreamHeader.CLOSE);
    LingeringClose.close(ctx.channel(), ByteBufUtil.writeUtf8(ctx.channel().alloc(), sb.toString()));
  }

  private io.netty.channel.ChannelFuture write(String xml) {
    Channel ch = ctx.channel();
    return ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), xml));
  }

  private Object remote() {
    return ctx == null ? "?" : ctx.channel().remoteAddress();
  }
}
