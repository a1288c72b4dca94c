package io.switchboard.node.c2s;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open connections per remote IP address and refuses those over the limit: they get a
 * stream header and {@code <policy-violation/>} (RFC 6120 §4.9.3.14), then the socket closes.
 * One instance is shared by every channel of a listener.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

  private final int maxPerIp;
  private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxPerIp) {
    this.maxPerIp = maxPerIp;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress ip = ip(ctx);
    int n = open.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
    ctx.channel().closeFuture().addListener(f -> release(ip));
    // Counted: the rest of the connection's life is none of this handler's business, so it
    // leaves the pipeline (one handler context less per connection; the close listener stays).
    ctx.pipeline().remove(this);
    if (n > maxPerIp) {
      log.info("Refusing a connection from {}: {} open, limit {}", ip.getHostAddress(), n - 1, maxPerIp);
      ctx.fireUserEventTriggered(Refusal.TOO_MANY_CONNECTIONS);
      return;
    }
    super.channelActive(ctx);
  }

  private void release(InetAddress ip) {
    open.computeIfPresent(ip, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
  }

  static InetAddress ip(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }

  /** Why a connection is turned away before any XML is read. */
  enum Refusal {
    TOO_MANY_CONNECTIONS
  }
}
