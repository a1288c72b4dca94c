package io.switchboard.sharding.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-member cluster with a test entity type: entities whose id starts with "idle" passivate
 * when told they may, the others ignore it; the node's idle pass leaves only the others.
 */
class IdlePassivationTest {
  private static final EntityTypeKey<String> KEY = EntityTypeKey.create(String.class, "IdleProbe");
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("IdlePassivation", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.actor.serialize-messages = off
        """).withFallback(ConfigFactory.load()));
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
      assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());
      return null;
    });
    ClusterSharding.get(kit.system()).init(Entity.of(KEY,
        ctx -> entity(ctx.getEntityId(), ctx.getShard())));
  }

  private static Behavior<String> entity(String id,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(ctx -> Behaviors.receive(String.class)
        .onMessageEquals("may-passivate", () -> {
          if (id.startsWith("idle")) {
            shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
          }
          return Behaviors.same();
        })
        .onAnyMessage(m -> Behaviors.same())
        .build());
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void idleEntitiesPassivate_busyOnesStay() throws Exception {
    ClusterSharding sharding = ClusterSharding.get(kit.system());
    for (String id : new String[] {"idle-1", "idle-2", "idle-3", "idle-4", "busy-1", "busy-2"}) {
      sharding.entityRefFor(KEY, id).tell("hello");
    }
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertThat(IdlePassivation.passivate(kit.system(), KEY, "count-only", Duration.ZERO)
          .toCompletableFuture().get(5, TimeUnit.SECONDS).before()).isEqualTo(6);
      return null;
    });

    IdlePassivation.Result r = IdlePassivation.passivate(kit.system(), KEY, "may-passivate",
        Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(r.before()).isEqualTo(6);
    assertThat(r.after()).isEqualTo(2);
  }
}
