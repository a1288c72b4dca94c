package io.switchboard.node.s2s;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.s2s.S2sPing;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0288 on one outgoing stream from {@code local} to {@code remote}: when the peer offers
 * {@code <bidi xmlns='urn:xmpp:features:bidi'/>} (after TLS), we ask for it before authenticating;
 * once up, the peer may send its stanzas on this stream. They are checked as on an incoming stream
 * ({@link S2sAddressing}: from the remote domain to the local one only) and go to the Router. The
 * stream then counts in the cluster's stream leases of the remote domain ({@code PeerStreams})
 * like an incoming one, vouched for every half ping-interval. Runs on the stream's event loop.
 */
final class OutboundBidi {
  /** The stream's logger: these lines are the outgoing stream's. */
  private static final Logger log = LoggerFactory.getLogger(OutboundStream.class);

  private final S2sContext deps;
  private final String local;
  private final String remote;
  /** We asked for a bidirectional stream; the peer may send on it once we are up. */
  private boolean asked;
  /** This connection in the cluster's stream leases of {@code remote}. */
  private String leaseId;
  private ScheduledFuture<?> vouch;
  private ReadThrottle throttle;

  OutboundBidi(S2sContext deps, String local, String remote) {
    this.deps = deps;
    this.local = local;
    this.remote = remote;
  }

  /** Whether we asked for it: then the peer's stanzas are read on this stream. */
  boolean asked() {
    return asked;
  }

  /** Before authenticating: asks for a bidirectional stream if {@code features} offer one. */
  void askIfOffered(XmlElement features, boolean secure, S2sStreams.Entry entry, S2sWire wire) {
    if (features != null && !asked && deps.settings().bidi() && (secure || !deps.settings().tlsRequired())
        && features.child("bidi", Namespaces.BIDI_FEATURE).isPresent()) {
      // XEP-0288 §2.2: no answer comes; it holds for the authentication that follows.
      asked = true;
      entry.bidi = true;
      wire.send(XmlElement.of("bidi", Namespaces.BIDI));
    }
  }

  /** The stream is up; if we asked, it counts as the peer's stream until {@code done}. */
  void up(ChannelHandlerContext ctx, BooleanSupplier done) {
    if (!asked) {
      return;
    }
    // The peer's stanzas come on this stream, perhaps on no other: it counts as the peer's stream.
    throttle = new ReadThrottle(deps.settings().maxStanzasPerSecond());
    leaseId = "out-" + Integer.toHexString(System.identityHashCode(this)) + "-" + Long.toHexString(System.nanoTime());
    deps.cluster().streamUp(remote, leaseId);
    long half = deps.ping().interval().toNanos() / 2;
    vouch = ctx.executor().scheduleAtFixedRate(() -> {
      if (!done.getAsBoolean()) {
        deps.cluster().streamUp(remote, leaseId);
      }
    }, half, half, TimeUnit.NANOSECONDS);
  }

  /**
   * A stanza from the peer on our bidirectional stream. Before we are {@code up}
   * {@code <not-authorized/>}; then the rules of an incoming stream for the one pair (remote,
   * local) this stream authenticated. A refused stanza ends the stream with its stream error: the
   * answer is why, for the stream's end; an accepted one goes to the Router (empty answer).
   */
  Optional<String> onStanza(XmlElement e, boolean up, S2sWire wire, ChannelHandlerContext ctx) {
    Optional<StreamErrorCondition> refusal = up
        ? S2sAddressing.check(e.attr("from"), e.attr("to"), deps::hosted, Set.of(S2sAddressing.pair(remote, local)))
        : Optional.of(StreamErrorCondition.NOT_AUTHORIZED);
    if (refusal.isPresent()) {
      StreamErrorCondition c = refusal.get();
      log.warn("s2s out {} -> {}: stanza from '{}' to '{}' on our bidirectional stream: <{}/>", local, remote,
          e.attr("from"), e.attr("to"), c.elementName());
      deps.streams().metrics().streamError(c);
      wire.closeWithError(StreamError.of(c, "only " + remote + " to " + local + " on this stream"), local);
      return Optional.of("the peer sent a stanza it may not send here: " + c.elementName());
    }
    deps.streams().metrics().stanza("in");
    if (S2sPing.isAnswer(e)) {
      if (e.attr("id").startsWith(S2sPing.OUTGOING)) {
        deps.cluster().pingAnswered(local, remote, e.attr("id"));
      }
      return Optional.empty();
    }
    deps.routing().route(S2sNamespace.toCluster(e));
    throttle.read(ctx);
    return Optional.empty();
  }

  /**
   * The stream ends: its lease is released, {@code lost} unless the end was polite (the peer's
   * {@code </stream:stream>}, our idle close, a shutdown, the entity's close).
   */
  void end(boolean lost) {
    if (vouch != null) {
      vouch.cancel(false);
    }
    if (leaseId != null) {
      deps.cluster().streamDown(remote, leaseId, lost);
    }
  }
}
