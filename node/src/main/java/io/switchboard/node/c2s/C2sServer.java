package io.switchboard.node.c2s;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.node.net.TcpServers;
import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.node.register.InBandRegistration;
import io.switchboard.node.register.Invitations;
import io.switchboard.node.register.RegistrationPolicy;
import io.switchboard.node.register.RegistrationSharing;
import io.switchboard.node.register.RegistrationSettings;
import io.switchboard.node.secrets.ScramDecoys;
import io.switchboard.node.stream.AuthFailureSharing;
import io.switchboard.node.stream.AuthThrottle;
import io.switchboard.node.stream.C2sSettings;
import io.switchboard.node.stream.FastTokens;
import io.switchboard.node.stream.LiveActors;
import io.switchboard.node.stream.ParkedSessions;
import io.switchboard.node.stream.SessionGateway;
import io.switchboard.node.stream.StreamMetrics;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.server.ServerIq;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.sasl.SaslMechanisms;
import io.switchboard.protocol.sasl.ScramDecoy;
import io.switchboard.sharding.router.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.switchboard.node.csi.ClientStateIndication;
import io.switchboard.node.csi.CsiSettings;
import io.switchboard.sharding.session.ConnectionMessage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jxmpp.jid.DomainBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client listeners of one node: c2s with STARTTLS and c2s with direct TLS (XEP-0368), on
 * Netty with epoll where available. Holds the event loops and the channels of every open client
 * connection, so shutdown can stop accepting first and close streams after.
 */
public final class C2sServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(C2sServer.class);

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final List<Channel> listeners = new ArrayList<>();
  private final ChannelGroup connections = new DefaultChannelGroup("c2s", GlobalEventExecutor.INSTANCE);
  private final StreamServices services;
  private final ServerTls tls;

  private final ScheduledExecutorService timer;

  private C2sServer(StreamServices services, ServerTls tls, ScheduledExecutorService timer) {
    this.services = services;
    this.tls = tls;
    this.timer = timer;
    this.boss = TcpServers.eventLoops(1);
    this.workers = TcpServers.eventLoops(0);
  }

  /** Everything the listeners need from the rest of the node. */
  public record Dependencies(
      DomainBareJid domain,
      C2sSettings settings,
      ServerTls tls,
      boolean tlsRequired,
      AccountStore accounts,
      RegistrationSettings registration,
      ServerIq serverIq,
      Router router,
      ActorSystem<?> system,
      Clock clock,
      StreamMetrics metrics,
      FastTokens fast) {

    /** Dependencies without XEP-0484 tokens. */
    public Dependencies(DomainBareJid domain, C2sSettings settings, ServerTls tls, boolean tlsRequired,
        AccountStore accounts, RegistrationSettings registration, ServerIq serverIq, Router router,
        ActorSystem<?> system, Clock clock, StreamMetrics metrics) {
      this(domain, settings, tls, tlsRequired, accounts, registration, serverIq, router, system, clock, metrics,
          FastTokens.DISABLED);
    }

    /** Dependencies of listeners that count nothing. */
    public Dependencies(DomainBareJid domain, C2sSettings settings, ServerTls tls, boolean tlsRequired,
        AccountStore accounts, RegistrationSettings registration, ServerIq serverIq, Router router,
        ActorSystem<?> system, Clock clock) {
      this(domain, settings, tls, tlsRequired, accounts, registration, serverIq, router, system, clock,
          StreamMetrics.NONE);
    }
  }

  /** Binds both listeners; fails (and releases everything) if either port cannot be bound. */
  public static C2sServer start(Dependencies d, String bind, int starttlsPort, int directTlsPort) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "c2s-timer");
      t.setDaemon(true);
      return t;
    });
    ScramDecoy decoy = ScramDecoys.fromConfig(d.system().settings().config());
    KeyDerivation kdf = new KeyDerivation(d.settings().kdfThreads(), d.settings().kdfQueue());
    AuthThrottle throttle = new AuthThrottle(d.settings().authThrottle(), d.clock());
    if (d.settings().authThrottle().clusterWide()) {
      AuthFailureSharing.start(d.system(), throttle);
    }
    RegistrationPolicy registrationPolicy = new RegistrationPolicy(d.registration(), d.clock());
    if (registrationPolicy.mode() == io.switchboard.node.config.NodeSettings.Registration.OPEN) {
      RegistrationSharing.start(d.system(), registrationPolicy);
    }
    InBandRegistration registration = new InBandRegistration(d.accounts(), d.domain(),
        registrationPolicy, new Invitations(decoy.secret(), d.domain(), d.clock()),
        kdf, d.router()::accountDeleted, d.clock());
    StreamServices services = new StreamServices(
        d.domain(), d.settings(), d.tlsRequired(),
        d.settings().channelBinding()
            ? SaslMechanisms.defaults(d.domain().toString(), decoy)
            : SaslMechanisms.withoutChannelBinding(d.domain().toString(), decoy),
        d.accounts(), registration,
        d.serverIq(), SessionGateway.of(d.router()), d.system(), new ParkedSessions(),
        throttle, kdf, d.clock(), new LiveActors(),
        ClientStateIndication.of(CsiSettings.fromConfig(d.system().settings().config())), d.metrics(), d.fast());
    C2sServer server = new C2sServer(services, d.tls(), timer);
    try {
      ConnectionLimiter limiter = new ConnectionLimiter(d.settings().maxConnections(), d.settings().maxConnectionsPerIp());
      server.listen(bind, starttlsPort, new C2sInitializer(services, d.tls(), limiter, false));
      server.listen(bind, directTlsPort, new C2sInitializer(services, d.tls(), limiter, true));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void listen(String bind, int port, C2sInitializer initializer) {
    listeners.add(TcpServers.bind(boss, workers, bind, port, 1024, connections, initializer));
    log.info("Listening for XMPP clients on {}:{}", bind, port);
  }

  /** Stops accepting new connections; open streams stay. */
  public void stopAccepting() {
    for (Channel ch : listeners) {
      ch.close().syncUninterruptibly();
    }
    listeners.clear();
  }

  /**
   * Ends every client stream with {@code <system-shutdown/>}, spread evenly over
   * {@code window} so the clients' reconnects do not all hit the other nodes at once, and
   * lets go of sessions parked for resumption (their entities keep them, to be resumed elsewhere).
   * Accepting must already be stopped. Completes when every stream is closed, or when the window
   * plus a grace period has passed.
   */
  public CompletionStage<Void> closeAllStreams(Duration window) {
    for (ActorRef<Object> parked : services.parked().drain()) {
      // Their sessions stay journaled by their entities: the clients may resume on another node.
      parked.tell(ConnectionMessage.Released.INSTANCE);
    }
    List<Channel> open = new ArrayList<>(connections);
    log.info("Draining {} client streams over {}", open.size(), window);
    long step = open.isEmpty() ? 0 : window.toNanos() / open.size();
    for (int i = 0; i < open.size(); i++) {
      Channel ch = open.get(i);
      C2sHandler h = ch.pipeline().get(C2sHandler.class);
      if (h != null) {
        ch.eventLoop().schedule(h::shutdown, i * step, TimeUnit.NANOSECONDS);
      }
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    connections.newCloseFuture().addListener(f -> done.complete(null));
    return done.completeOnTimeout(null, window.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Open client connections on this node. */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * Waits (at most {@code max}) until every connection's actor has handed on what its client sent
   * and stopped; call after the streams were closed, before the actor system terminates.
   */
  public CompletionStage<Void> awaitConnectionActors(Duration max) {
    return services.liveActors().awaitNone(timer, max);
  }

  @Override
  public void close() {
    stopAccepting();
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    timer.shutdownNow();
    services.kdf().close();
  }

  public StreamServices services() {
    return services;
  }
}
