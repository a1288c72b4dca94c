package io.switchboard.node.s2s;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.node.net.TcpServers;
import io.switchboard.sharding.s2s.OutboundLinks;
import io.switchboard.sharding.s2s.RemoteDomainKey;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens this node's outgoing s2s streams: for the {@code RemoteDomain} entities that live here
 * ({@link OutboundLinks}) and for dialback verifications asked by incoming streams on this node
 * ({@link DialbackVerifier}). Resolves the remote domain ({@link S2sResolver}) and tries its
 * endpoints in order until one connects. Owns two I/O threads and a small resolver pool.
 */
public final class S2sConnector implements OutboundLinks, DialbackVerifier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S2sConnector.class);

  private final EventLoopGroup loops = TcpServers.eventLoops(2);
  private final ExecutorService lookups = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "s2s-dns");
    t.setDaemon(true);
    return t;
  });
  private final ChannelGroup channels = new DefaultChannelGroup("s2s-out", GlobalEventExecutor.INSTANCE);
  private final Supplier<S2sContext> context;
  private final S2sResolver resolver;
  private volatile boolean closing;

  /** {@code context} is looked up per stream (the context needs this connector as its verifier). */
  S2sConnector(S2sSettings settings, Supplier<S2sContext> context) {
    this.context = context;
    this.resolver = new S2sResolver(settings, lookups);
  }

  @Override
  public void open(RemoteDomainKey key, Listener listener) {
    String local = key.local().toString();
    String remote = key.remote().toString();
    S2sContext deps = context.get();
    if (closing) {
      listener.down("the node is stopping", false);
      return;
    }
    if (!deps.settings().allowed(remote)) {
      listener.down("federation with " + remote + " is not allowed", true);
      return;
    }
    // XEP-0288: a bidirectional stream the peer opened to this node carries the pair's stanzas.
    if (deps.settings().bidi() && deps.bidi().attach(local, remote, listener, () -> dial(local, remote, listener))) {
      return;
    }
    dial(local, remote, listener);
  }

  private void dial(String local, String remote, Listener listener) {
    resolver.resolve(remote).whenComplete((res, err) -> {
      if (err != null || res.endpoints().isEmpty()) {
        String why = err != null ? err.toString() : res.problem();
        log.info("s2s out {} -> {}: {}", local, remote, why);
        listener.down(why, err == null && res.unreachable());
        return;
      }
      connect(res.endpoints(), 0, local, remote, OutboundStream.Mode.LINK, listener, null);
    });
  }

  @Override
  public CompletionStage<Boolean> verify(String local, String remote, String streamId, String key) {
    CompletableFuture<Boolean> verdict = new CompletableFuture<>();
    OutboundStream.VerifyRequest request = new OutboundStream.VerifyRequest(streamId, key, verdict);
    resolver.resolve(remote).whenComplete((res, err) -> {
      if (err != null || res.endpoints().isEmpty()) {
        log.info("s2s verify {} -> {}: {}", local, remote, err != null ? err.toString() : res.problem());
        verdict.complete(false);
        return;
      }
      connect(res.endpoints(), 0, local, remote, OutboundStream.Mode.VERIFY, null, request);
    });
    return verdict;
  }

  private void connect(List<S2sResolver.Endpoint> endpoints, int index, String local, String remote,
      OutboundStream.Mode mode, Listener listener, OutboundStream.VerifyRequest verify) {
    if (index >= endpoints.size() || closing) {
      String why = "could not connect to any of " + endpoints.size() + " endpoints of " + remote;
      if (listener != null) {
        listener.down(why, false);
      } else {
        verify.verdict().complete(false);
      }
      return;
    }
    S2sContext deps = context.get();
    S2sResolver.Endpoint ep = endpoints.get(index);
    Bootstrap b = new Bootstrap()
        .group(loops)
        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) deps.settings().connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            if (ep.directTls()) {
              ch.pipeline().addLast("tls", deps.tls().client().newHandler(ch.alloc(), remote, ep.port()));
            }
            S2sDecoder decoder = new S2sDecoder(deps.settings().decoderLimits());
            ch.pipeline().addLast("decoder", decoder);
            ch.pipeline().addLast("stream",
                new OutboundStream(deps, decoder, local, remote, ep.directTls(), mode, listener, verify));
          }
        });
    ChannelFuture f = b.connect(new InetSocketAddress(ep.address(), ep.port()));
    f.addListener(done -> {
      if (!done.isSuccess()) {
        log.info("s2s out {} -> {}: {}:{} failed: {}", local, remote, ep.address().getHostAddress(), ep.port(),
            done.cause() == null ? "?" : done.cause().getMessage());
        connect(endpoints, index + 1, local, remote, mode, listener, verify);
      }
    });
  }

  /** Open outgoing channels (streams and verifications). */
  int openChannels() {
    return channels.size();
  }

  /** Ends every outgoing stream politely; their entities send again on the node that takes them. */
  void closeAllStreams() {
    closing = true;
    for (Channel ch : List.copyOf(channels)) {
      OutboundStream s = ch.pipeline().get(OutboundStream.class);
      if (s != null) {
        s.shutdown();
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    lookups.shutdownNow();
  }
}
