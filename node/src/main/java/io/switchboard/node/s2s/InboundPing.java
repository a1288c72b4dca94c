package io.switchboard.node.s2s;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.sharding.s2s.S2sPing;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0199 §4.3 for an incoming stream, which we cannot write on: silent for ping-interval, the
 * peer is pinged over our outgoing stream (its RemoteDomain entity) so that it answers on its
 * stream to us; still silent after ping-timeout, the stream is dead and closes. Every half
 * ping-interval the node vouches for the stream's domains to the cluster ({@code PeerStreams}).
 * Runs on the stream's event loop.
 */
final class InboundPing {
  /** The stream's logger: these lines are the incoming stream's. */
  private static final Logger log = LoggerFactory.getLogger(InboundStream.class);

  private final S2sContext deps;
  private final InboundState stream;
  private final String connectionId;
  // System.nanoTime() of the last element read, of the unanswered ping.
  private long lastRead = System.nanoTime();
  private long pingSentAt = -1;
  private long lastVouch;
  private int pingCount;
  private ScheduledFuture<?> pingTimer;

  /** {@code connectionId}: the stream's name in the cluster's stream leases and in its pings' ids. */
  InboundPing(S2sContext deps, InboundState stream, String connectionId) {
    this.deps = deps;
    this.stream = stream;
    this.connectionId = connectionId;
  }

  /** An element (or any stream event) was read. */
  void read() {
    lastRead = System.nanoTime();
  }

  /** A pair authenticated: the checks start with the first one. */
  void start(ChannelHandlerContext ctx) {
    if (pingTimer == null) {
      lastRead = System.nanoTime();
      lastVouch = lastRead;
      long tick = deps.ping().tick().toNanos();
      pingTimer = ctx.executor().scheduleAtFixedRate(this::onPingTick, tick, tick, TimeUnit.NANOSECONDS);
    }
  }

  /** The stream is gone. */
  void stop() {
    if (pingTimer != null) {
      pingTimer.cancel(false);
    }
  }

  private void onPingTick() {
    if (stream.isClosed() || stream.pairs().isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastVouch >= deps.ping().interval().toNanos() / 2) {
      lastVouch = now;
      stream.peers().forEach(p -> deps.cluster().streamUp(p, connectionId));
    }
    switch (deps.ping().decide(now, lastRead, pingSentAt)) {
      case PING -> {
        pingSentAt = now;
        String pair = stream.pairs().iterator().next();
        int space = pair.indexOf(' ');
        deps.cluster().sendPing(pair.substring(space + 1), pair.substring(0, space),
            S2sPing.INCOMING + connectionId + "-" + (++pingCount));
      }
      case DEAD -> {
        log.info("s2s in {} ({}): nothing within {} ms of a ping: the stream is dead", stream.remote(), stream.peers(),
            deps.ping().timeout().toMillis());
        stream.fail(StreamErrorCondition.CONNECTION_TIMEOUT, "no answer to a ping");
      }
      case NONE -> { }
    }
  }
}
