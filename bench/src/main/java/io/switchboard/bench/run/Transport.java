package io.switchboard.bench.run;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll when it loads (Linux), NIO otherwise. */
enum Transport {
  EPOLL, NIO;

  static Transport detect() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  EventLoopGroup group(int threads) {
    DefaultThreadFactory factory = new DefaultThreadFactory("bench-loop", true);
    return this == EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
  }

  /**
   * The template every connection clones. With epoll, IP_BIND_ADDRESS_NO_PORT lets the kernel
   * pick the source port at connect time, per destination, instead of reserving one at bind.
   */
  Bootstrap bootstrap() {
    Bootstrap b = new Bootstrap()
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    if (this == EPOLL) {
      return b.channel(EpollSocketChannel.class).option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }
    return b.channel(NioSocketChannel.class);
  }
}
