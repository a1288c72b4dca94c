package io.switchboard.node.s2s;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.node.net.TcpServers;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.protocol.s2s.DialbackKey;
import io.switchboard.sharding.s2s.OutboundLinks;
import io.switchboard.sharding.session.StanzaRouting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Federation on one node: the incoming listener ({@code ports.s2s}, STARTTLS, and the XEP-0368
 * direct TLS port if configured) and the connector for outgoing streams, which the
 * {@code RemoteDomain} entities on this node use ({@link #links()}).
 *
 * <p>Pipeline of an incoming connection, inbound order: {@code tls} (direct TLS only; added by
 * STARTTLS otherwise), {@code decoder} (bytes to stream events, jabber:server only, size and
 * depth limits), {@code stream} ({@link InboundStream}: negotiation, authentication, stanza
 * checks).
 */
public final class S2sServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S2sServer.class);

  /** What the node gives federation. */
  public record Dependencies(S2sSettings settings, Set<String> hostedDomains, ServerTls tls, DialbackKey dialbackKey,
      StanzaRouting routing, Clock clock, io.switchboard.sharding.s2s.S2sPing ping,
      org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding sharding, S2sMetrics metrics) {}

  private final EventLoopGroup boss = TcpServers.eventLoops(1);
  private final EventLoopGroup workers = TcpServers.eventLoops(2);
  private final ChannelGroup connections = new DefaultChannelGroup("s2s-in", GlobalEventExecutor.INSTANCE);
  private final List<Channel> listeners = new ArrayList<>();
  private final S2sStreams streams;
  private final S2sConnector connector;
  private final S2sContext context;
  private int port;
  private int directTlsPort;

  private S2sServer(Dependencies deps) throws IOException {
    this.streams = new S2sStreams(deps.metrics());
    this.connector = new S2sConnector(deps.settings(), () -> this.context());
    this.context = new S2sContext(deps.settings(),
        deps.hostedDomains().stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
        S2sTls.of(deps.tls()), PeerCertificates.load(deps.settings().caFile(), deps.clock()),
        deps.dialbackKey(), connector, deps.routing(), streams, deps.ping(), S2sCluster.of(deps.sharding()),
        new BidiLinks());
  }

  private S2sContext context() {
    return context;
  }

  /** Builds the connector and context without listening (outgoing streams work at once). */
  public static S2sServer create(Dependencies deps) {
    try {
      return new S2sServer(deps);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Binds {@code bind:port} (0 = any free port) and the direct TLS port if configured. */
  public void bind(String bind, int port) {
    Channel plain = TcpServers.bind(boss, workers, bind, port, 128, connections, initializer(false));
    listeners.add(plain);
    this.port = ((InetSocketAddress) plain.localAddress()).getPort();
    if (context.settings().directTlsPort() > 0) {
      Channel tls = TcpServers.bind(boss, workers, bind, context.settings().directTlsPort(), 128, connections,
          initializer(true));
      listeners.add(tls);
      directTlsPort = ((InetSocketAddress) tls.localAddress()).getPort();
    }
    log.info("Listening for servers (s2s) for {} on {}:{}{}", context.hostedDomains(), bind, this.port,
        directTlsPort > 0 ? " and direct TLS on " + directTlsPort : "");
  }

  private ChannelInitializer<SocketChannel> initializer(boolean directTls) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        if (directTls) {
          ch.pipeline().addLast("tls", context.tls().server().newHandler(ch.alloc()));
        }
        S2sDecoder decoder = new S2sDecoder(context.settings().decoderLimits());
        ch.pipeline().addLast("decoder", decoder);
        ch.pipeline().addLast("stream", new InboundStream(context, decoder, directTls));
      }
    };
  }

  /** The outgoing side, for the RemoteDomain entities of this node. */
  public OutboundLinks links() {
    return connector;
  }

  public int port() {
    return port;
  }

  /** The streams open on this node (status). */
  public S2sStreams streams() {
    return streams;
  }

  public void stopAccepting() {
    for (Channel l : listeners) {
      l.close().syncUninterruptibly();
    }
    listeners.clear();
  }

  /** Ends every stream, incoming and outgoing; completes when the incoming ones closed or after {@code grace}. */
  public CompletionStage<Void> closeAllStreams(Duration grace) {
    connector.closeAllStreams();
    for (Channel ch : List.copyOf(connections)) {
      InboundStream s = ch.pipeline().get(InboundStream.class);
      if (s != null) {
        s.shutdown();
      }
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    connections.newCloseFuture().addListener(f -> done.complete(null));
    return done.completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    stopAccepting();
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    connector.close();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
