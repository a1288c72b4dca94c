package io.switchboard.node.proxy65;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
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
        new RelayHandler.Options(pairs, settings.idleTimeout(), settings.maxBytesPerSecond(), nanoTicker),
        settings.activationTimeout());
    boolean epoll = Epoll.isAvailable();
    // Relaying is copying between sockets: two worker threads carry a node's transfers.
    this.boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    this.workers = epoll ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
  }

  /** Binds the listener; fails with the address in the message. */
  void bind(String address, int port) {
    Class<? extends ServerChannel> type =
        Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(type)
        .option(ChannelOption.SO_BACKLOG, 256)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            ch.pipeline().addLast(initializer);
          }
        });
    try {
      listener = b.bind(new InetSocketAddress(address, port)).sync().channel();
      log.info("XEP-0065 proxy listening on {}", listener.localAddress());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the proxy to " + address + ":" + port, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen for the proxy on " + address + ":" + port + ": " + e.getMessage(), e);
    }
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
