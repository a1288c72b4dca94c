package io.switchboard.node.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open connections per peer address ({@link PeerAddresses}, IPv6 per /64) on one listener
 * and closes, at once and without a word, a connection beyond {@code maxPerPeer}. For listeners
 * with no protocol-level way to say why (the SOCKS5 proxy); put it first in the pipeline. One
 * instance is shared by every channel of a listener.
 */
@ChannelHandler.Sharable
public final class PerPeerConnectionLimit extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(PerPeerConnectionLimit.class);

  private final String listener;
  private final int maxPerPeer;
  private final ConcurrentHashMap<PeerAddresses.Key, AtomicInteger> open = new ConcurrentHashMap<>();

  public PerPeerConnectionLimit(String listener, int maxPerPeer) {
    if (maxPerPeer < 1) {
      throw new IllegalArgumentException("maxPerPeer must be positive");
    }
    this.listener = listener;
    this.maxPerPeer = maxPerPeer;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    PeerAddresses.Key key = PeerAddresses.key(ctx.channel().remoteAddress());
    int n = open.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    ctx.channel().closeFuture().addListener(f -> open.computeIfPresent(key, (k, v) -> v.decrementAndGet() <= 0 ? null : v));
    ctx.pipeline().remove(this);
    if (n > maxPerPeer) {
      log.info("{}: refusing a connection from {}: {} open, limit {}", listener, key, n - 1, maxPerPeer);
      ctx.close();
      return;
    }
    super.channelActive(ctx);
  }

  /** Open connections counted for {@code key} (tests, status). */
  public int openFrom(PeerAddresses.Key key) {
    AtomicInteger n = open.get(key);
    return n == null ? 0 : n.get();
  }
}
