package io.switchboard.node.proxy65;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import io.switchboard.node.net.PerPeerConnectionLimit;
import io.switchboard.node.net.TcpServers;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOCKS5 listener of the proxy: its event loops, its listening socket and every open proxy
 * connection, on Netty with epoll where available. Activation pairs two waiting connections.
 */
final class Proxy65Server implements Activator, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Proxy65Server.class);

  private final StreamPairs<Channel> pairs;
  private final Proxy65Initializer initializer;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup connections = new DefaultChannelGroup("proxy65", GlobalEventExecutor.INSTANCE);
  private volatile Channel listener;

  Proxy65Server(Proxy65Settings settings, LongSupplier nanoTicker) {
    this.pairs = new StreamPairs<>(settings.maxPending());
    this.initializer = new Proxy65Initializer(
        new RelayHandler.Options(pairs, settings.idleTimeout(), settings.maxBytesPerSecond(), nanoTicker,
            settings.maxBytesPerSecondPerIp() > 0 ? new PeerBandwidth(settings.maxBytesPerSecondPerIp()) : null),
        settings.activationTimeout(),
        new PerPeerConnectionLimit("XEP-0065 proxy", settings.maxConnectionsPerIp()));
    // Relaying is copying between sockets: two worker threads carry a node's transfers.
    this.boss = TcpServers.eventLoops(1);
    this.workers = TcpServers.eventLoops(2);
  }

  /** Binds the listener; fails with the address in the message. */
  void bind(String address, int port) {
    listener = TcpServers.bind(boss, workers, address, port, 256, connections, initializer);
    log.info("XEP-0065 proxy listening on {}", listener.localAddress());
  }

  /** The bound address, or null before {@link #bind}. */
  InetSocketAddress localAddress() {
    Channel ch = listener;
    return ch == null ? null : (InetSocketAddress) ch.localAddress();
  }

  @Override
  public Outcome activate(String digest) {
    StreamPairs.Activation<Channel> result = pairs.activate(digest);
    if (result instanceof StreamPairs.Activation.Activated<Channel> pair) {
      return RelayHandler.connect(pair.first(), pair.second()) ? Outcome.ACTIVATED : Outcome.FAILED;
    }
    return result instanceof StreamPairs.Activation.OneParty<Channel> ? Outcome.ONE_PARTY : Outcome.UNKNOWN;
  }

  int pendingCount() {
    return pairs.pendingCount();
  }

  /** Stops accepting; open streams go on. */
  void stopAccepting() {
    Channel ch = listener;
    if (ch != null) {
      ch.close().syncUninterruptibly();
    }
  }

  @Override
  public void close() {
    stopAccepting();
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
