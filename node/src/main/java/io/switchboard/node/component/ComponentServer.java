package io.switchboard.node.component;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.node.net.FailureThrottle;
import io.switchboard.node.net.TcpServers;
import io.switchboard.node.tls.ServerTls;
import java.time.Clock;
import io.switchboard.sharding.component.ComponentRoutes;
import io.switchboard.sharding.session.StanzaRouting;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The external component listener (XEP-0114) of one node. Components are few, so it has one
 * accept thread and two I/O threads of its own.
 */
public final class ComponentServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ComponentServer.class);

  /**
   * Everything the listener needs from the node: {@code routes} reaches the components'
   * entities, {@code routing} (the Router) takes every stanza a component sends.
   */
  public record Dependencies(
      ComponentSettings settings, ComponentRoutes routes, StanzaRouting routing, ActorSystem<?> system) {}

  private final EventLoopGroup boss = TcpServers.eventLoops(1);
  private final EventLoopGroup workers = TcpServers.eventLoops(2);
  private final ChannelGroup connections = new DefaultChannelGroup("components", GlobalEventExecutor.INSTANCE);
  private Channel listener;
  private int port;

  private ComponentServer() {}

  /**
   * Binds {@code bind:port} (0 = any free port, see {@link #port()}); with {@code
   * settings().tls()} the port speaks direct TLS with {@code tls} (required then). Warns about
   * short secrets, never printing them.
   */
  public static ComponentServer start(Dependencies deps, String bind, int port, ServerTls tls) {
    if (deps.settings().tls() && tls == null) {
      throw new IllegalArgumentException("switchboard.components.tls is on but no TLS context was given");
    }
    for (var domain : deps.settings().shortSecrets()) {
      log.warn("The secret of component {} is shorter than {} characters: it can be guessed; use a long random one",
          domain, ComponentSettings.SHORT_SECRET);
    }
    ComponentServer server = new ComponentServer();
    FailureThrottle throttle = new FailureThrottle(deps.settings().maxHandshakeFailuresPerIp(),
        deps.settings().handshakeFailureWindow(), 10_000, Clock.systemUTC());
    try {
      server.listener = TcpServers.bind(server.boss, server.workers, bind, port, 128, server.connections,
          new ComponentInitializer(deps, throttle, deps.settings().tls() ? tls : null));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    server.port = ((InetSocketAddress) server.listener.localAddress()).getPort();
    log.info("Listening for external components ({}) on {}:{}{}", deps.settings().secrets().keySet(), bind,
        server.port, deps.settings().tls() ? " (direct TLS)" : "");
    return server;
  }

  /** As {@link #start(Dependencies, String, int, ServerTls)}, without TLS (the setting must be off). */
  public static ComponentServer start(Dependencies deps, String bind, int port) {
    return start(deps, bind, port, deps.settings().tls() ? ServerTls.forNode(deps.system().settings().config()) : null);
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /** Open component connections on this node. */
  public int connectionCount() {
    return connections.size();
  }

  /** Stops accepting new connections; open streams stay. */
  public void stopAccepting() {
    if (listener != null) {
      listener.close().syncUninterruptibly();
      listener = null;
    }
  }

  /**
   * Ends every component stream with {@code <system-shutdown/>}; completes when all are closed or
   * after {@code grace}. Components reconnect (to another node, through the load balancer).
   */
  public CompletionStage<Void> closeAllStreams(Duration grace) {
    List<Channel> open = List.copyOf(connections);
    for (Channel ch : open) {
      ComponentHandler h = ch.pipeline().get(ComponentHandler.class);
      if (h != null) {
        h.shutdown();
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
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
