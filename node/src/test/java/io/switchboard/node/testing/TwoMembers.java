package io.switchboard.node.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.testkit.Await;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Two Pekko cluster members in one JVM, joined over loopback Artery (so messages between them travel
 * serialized), for unit tests of what nodes share over the cluster; nothing of a Switchboard node
 * runs on them.
 */
public final class TwoMembers implements AutoCloseable {
  public final ActorTestKit first;
  public final ActorTestKit second;

  private TwoMembers(ActorTestKit first, ActorTestKit second) {
    this.first = first;
    this.second = second;
  }

  /** Starts both members named {@code name} and waits until both see two members Up. */
  public static TwoMembers start(String name, Duration within) throws InterruptedException {
    ActorTestKit first = member(name);
    ActorTestKit second = member(name);
    Cluster c1 = Cluster.get(first.system());
    Cluster c2 = Cluster.get(second.system());
    c1.manager().tell(Join.create(c1.selfMember().address()));
    c2.manager().tell(Join.create(c1.selfMember().address()));
    Await.until("two members up", within, () -> members(c1) == 2 && members(c2) == 2
        && StreamSupport.stream(c1.state().getMembers().spliterator(), false)
            .allMatch(m -> m.status() == MemberStatus.up()));
    return new TwoMembers(first, second);
  }

  private static ActorTestKit member(String name) {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.seed-nodes = []
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.actor.serialize-messages = off
        """).withFallback(ConfigFactory.load());
    return ActorTestKit.create(name, config);
  }

  private static long members(Cluster c) {
    return StreamSupport.stream(c.state().getMembers().spliterator(), false).count();
  }

  @Override
  public void close() {
    second.shutdownTestKit();
    first.shutdownTestKit();
  }
}
