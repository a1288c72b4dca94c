package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;

/**
 * The cluster as this node sees it: members by status, unreachable members, whether this node is
 * the leader, and counters of membership events. A system actor subscribes to the cluster's
 * domain events (the current state first, as a snapshot, so members already up are not counted
 * as events) and folds them into a {@link Membership}; the gauges read the last view, so a
 * scrape asks nothing of the cluster.
 */
final class ClusterGauges {
  private final String self;
  private volatile Membership view = Membership.EMPTY;
  private final Counter up;
  private final Counter removed;
  private final Counter unreachable;
  private final Counter reachable;

  private ClusterGauges(String self, MeterRegistry registry) {
    this.self = self;
    for (String status : Membership.STATUSES) {
      Gauge.builder("switchboard.cluster.members", this, g -> g.view.count(status))
          .description("Cluster members by status, as this node sees them")
          .tag("status", status).register(registry);
    }
    Gauge.builder("switchboard.cluster.unreachable.members", this, g -> g.view.unreachable().size())
        .description("Members this node's failure detector marks unreachable").register(registry);
    Gauge.builder("switchboard.cluster.leader", this, g -> g.view.isLeader(g.self) ? 1 : 0)
        .description("1 when this node is the cluster's leader").register(registry);
    this.up = event(registry, "up");
    this.removed = event(registry, "removed");
    this.unreachable = event(registry, "unreachable");
    this.reachable = event(registry, "reachable");
  }

  private static Counter event(MeterRegistry registry, String event) {
    return Counter.builder("switchboard.cluster.member.events")
        .description("Membership events seen by this node since it started (up, removed, unreachable, reachable again)")
        .tag("event", event).register(registry);
  }

  static void start(ActorSystem<?> system, MeterRegistry registry) {
    Cluster cluster = Cluster.get(Adapter.toClassic(system));
    ClusterGauges g = new ClusterGauges(cluster.selfAddress().toString(), registry);
    ActorRef<Object> listener = system.systemActorOf(Behaviors.receive(Object.class)
        .onAnyMessage(m -> {
          g.on(m);
          return Behaviors.same();
        }).build(), "cluster-metrics", Props.empty());
    cluster.subscribe(Adapter.toClassic(listener), ClusterEvent.initialStateAsSnapshot(),
        ClusterEvent.ClusterDomainEvent.class);
  }

  /** Called by the listener actor only, one message at a time. */
  void on(Object event) {
    Membership v = view;
    if (event instanceof ClusterEvent.CurrentClusterState s) {
      v = Membership.EMPTY;
      for (Member m : s.getMembers()) {
        v = v.withStatus(address(m), Membership.label(m.status().toString()));
      }
      for (Member m : s.getUnreachable()) {
        v = v.unreachable(address(m));
      }
      v = v.leader(Optional.ofNullable(s.getLeader()).map(Address::toString));
    } else if (event instanceof ClusterEvent.MemberRemoved r) {
      v = v.removed(address(r.member()));
      removed.increment();
    } else if (event instanceof ClusterEvent.MemberEvent e) {
      v = v.withStatus(address(e.member()), Membership.label(e.member().status().toString()));
      if (event instanceof ClusterEvent.MemberUp) {
        up.increment();
      }
    } else if (event instanceof ClusterEvent.UnreachableMember u) {
      v = v.unreachable(address(u.member()));
      unreachable.increment();
    } else if (event instanceof ClusterEvent.ReachableMember r) {
      v = v.reachable(address(r.member()));
      reachable.increment();
    } else if (event instanceof ClusterEvent.LeaderChanged l) {
      v = v.leader(Optional.ofNullable(l.getLeader()).map(Address::toString));
    }
    view = v;
  }

  private static String address(Member m) {
    return m.address().toString();
  }
}
