package io.switchboard.node.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * What every TCP listener of a node shares: epoll event loops where the kernel offers them (NIO
 * otherwise), and a bind with the same socket options, which tracks accepted connections in a
 * group so shutdown can close them.
 */
public final class TcpServers {
  private TcpServers() {}

  /** An event loop group of {@code threads} threads (0 = Netty's default, twice the cores). */
  public static EventLoopGroup eventLoops(int threads) {
    return Epoll.isAvailable() ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
  }

  /**
   * Binds {@code host:port}; each accepted connection joins {@code connections} and gets
   * {@code initializer}. Fails with an IllegalStateException naming the address.
   */
  public static Channel bind(
      EventLoopGroup boss,
      EventLoopGroup workers,
      String host,
      int port,
      int backlog,
      ChannelGroup connections,
      ChannelHandler initializer) {
    Class<? extends ServerChannel> type =
        Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(type)
        .option(ChannelOption.SO_BACKLOG, backlog)
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
      return b.bind(new InetSocketAddress(host, port)).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }
}
