package io.switchboard.bench.jmh;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.SwitchboardSharding;
import io.switchboard.sharding.account.AccountDirectory;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.offline.StoredMessage;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.jxmpp.jid.EntityFullJid;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sharded path of a 1:1 message inside one node, without sockets: {@code Router.fromClient}
 * → the sender's {@code UserSession} entity → the recipient's entity → the recipient's
 * connection ref, which acknowledges the receipt back to the sender's connection, as in
 * production. A real one-node Pekko cluster with cluster sharding; the journal is the in-memory
 * persistence testkit (a chat message journals nothing). One operation is one delivered message;
 * with {@code -prof gc}, {@code gc.alloc.rate.norm} is the allocation per routed message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class RouterHopBenchmark {
  private static final int MESSAGES = 1000;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private ActorSystem<Void> system;
  private Router router;
  private EntityFullJid romeo;
  private ActorRef<ConnectionMessage> romeoConnection;
  private XmlElement message;
  private final AtomicReference<CountDownLatch> pending = new AtomicReference<>(new CountDownLatch(0));

  @Setup
  public void start() throws Exception {
    Config config = ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.cluster.sharding.remember-entities-store = eventsourced
        pekko.cluster.sharding.distributed-data.durable.keys = []
        """)
        .withFallback(PersistenceTestKitPlugin.getInstance().config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "RouterHopBenchmark", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the one-node cluster did not come up");
      }
      Thread.sleep(50);
    }
    router = SwitchboardSharding.init(system, Jids.domain("example.com"), (stanza, replies) -> { },
        new SwitchboardSharding.Ports(new NoOfflineMessages(), AccountDirectory.everyAccountExists()));

    romeo = Jids.full("romeo@example.com/orchard");
    romeoConnection = system.systemActorOf(Behaviors.<ConnectionMessage>ignore(), "romeo", Props.empty());
    ActorRef<ConnectionMessage> juliet = system.systemActorOf(
        Behaviors.receiveMessage(m -> {
          if (m instanceof ConnectionMessage.Deliver d) {
            Receipt.ack(d.receipt());
            pending.get().countDown();
          }
          return Behaviors.same();
        }),
        "juliet", Props.empty());
    bind(romeo, romeoConnection);
    bind(Jids.full("juliet@example.com/balcony"), juliet);
    message = XmlElement.builder("message", "jabber:client")
        .attr("to", "juliet@example.com/balcony").attr("type", "chat").attr("id", "m1")
        .textChild("body", "Deny thy father and refuse thy name; or, if thou wilt not, be but sworn my love.")
        .build();
  }

  private void bind(EntityFullJid jid, ActorRef<ConnectionMessage> connection) throws Exception {
    BindResult result = router.bind(jid, connection, WAIT).toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (!(result instanceof BindResult.Bound)) {
      throw new IllegalStateException("bind of " + jid + " failed: " + result);
    }
  }

  @TearDown
  public void stop() {
    system.terminate();
  }

  /** 1,000 messages sent with receipts, then waits until all were delivered. */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void routeThousandMessages() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(MESSAGES);
    pending.set(done);
    for (int i = 0; i < MESSAGES; i++) {
      router.fromClient(romeo, message, new Receipt(romeoConnection, i));
    }
    if (!done.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(done.getCount() + " messages not delivered within " + WAIT);
    }
  }

  /** The benchmark never stores offline: the recipient is bound throughout. */
  private static final class NoOfflineMessages implements OfflineMessages {
    @Override
    public CompletionStage<Boolean> store(org.jxmpp.jid.EntityBareJid user, XmlElement stanza, Instant stamp) {
      return CompletableFuture.failedFuture(new IllegalStateException("unexpected offline store"));
    }

    @Override
    public CompletionStage<List<StoredMessage>> fetch(org.jxmpp.jid.EntityBareJid user) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Void> delete(org.jxmpp.jid.EntityBareJid user, List<UUID> ids) {
      return CompletableFuture.completedFuture(null);
    }
  }
}
