package io.switchboard.node.c2s;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.switchboard.node.net.PeerAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open client connections, node-wide and per peer address ({@link PeerAddresses}: an IPv4
 * address, or the /64 of an IPv6 one, since one host or subscriber usually holds a whole /64), and
 * refuses those over either limit: they get a stream header and {@code <resource-constraint/>}
 * (the node is full, RFC 6120 §4.9.3.17) or {@code <policy-violation/>} (too many from one
 * address, §4.9.3.14), then the socket closes. One instance is shared by both client listeners.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

  private final int maxTotal;
  private final int maxPerPeer;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<PeerAddresses.Key, Open> open = new ConcurrentHashMap<>();

  /**
   * A peer's open connections, and its key: every connection's close listener holds this one
   * object, so connections from one address share one key (bytes per idle connection, #16).
   */
  private static final class Open extends AtomicInteger {
    final PeerAddresses.Key peer;

    Open(PeerAddresses.Key peer) {
      this.peer = peer;
    }
  }

  ConnectionLimiter(int maxTotal, int maxPerPeer) {
    this.maxTotal = maxTotal;
    this.maxPerPeer = maxPerPeer;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    PeerAddresses.Key peer = PeerAddresses.key(ctx.channel().remoteAddress());
    int all = total.incrementAndGet();
    // Counted inside compute, as the release below is: an entry is removed only at zero.
    Open counted = open.compute(peer, (k, v) -> {
      Open o = v == null ? new Open(k) : v;
      o.incrementAndGet();
      return o;
    });
    int n = counted.get();
    ctx.channel().closeFuture().addListener(f -> release(counted));
    // Counted: the rest of the connection's life is none of this handler's business, so it
    // leaves the pipeline (one handler context less per connection; the close listener stays).
    ctx.pipeline().remove(this);
    if (all > maxTotal) {
      log.warn("Refusing a connection from {}: {} client connections open on this node, limit {}", peer, all - 1, maxTotal);
      ctx.fireUserEventTriggered(Refusal.NODE_FULL);
      return;
    }
    if (n > maxPerPeer) {
      log.info("Refusing a connection from {}: {} open, limit {}", peer, n - 1, maxPerPeer);
      ctx.fireUserEventTriggered(Refusal.TOO_MANY_CONNECTIONS);
      return;
    }
    super.channelActive(ctx);
  }

  private void release(Open counted) {
    total.decrementAndGet();
    open.computeIfPresent(counted.peer, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
  }

  /** Open connections counted (refused ones until their socket closed). */
  int total() {
    return total.get();
  }

  static InetAddress ip(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }

  /** Why a connection is turned away before any XML is read. */
  enum Refusal {
    /** Too many connections from the peer's address (IPv6: /64). */
    TOO_MANY_CONNECTIONS,
    /** The node holds {@code max-connections} client connections already. */
    NODE_FULL
  }
}
