package io.switchboard.node.clusterpage;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Writes this node's cluster membership and reachability events into a {@link ClusterEventLog}.
 * Subscribed with the initial state as events, so members Up before this node started are listed
 * as Up when it started.
 */
final class ClusterEventListener {
  private ClusterEventListener() {}

  static void start(ActorSystem<?> system, ClusterEventLog log) {
    ActorRef<ClusterEvent.ClusterDomainEvent> ref =
        system.systemActorOf(behavior(log), "switchboard-cluster-page-events", Props.empty());
    Cluster cluster = Cluster.get(system);
    cluster.subscriptions().tell(Subscribe.create(ref.narrow(), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(ref.narrow(), ClusterEvent.ReachabilityEvent.class));
    cluster.subscriptions().tell(Subscribe.create(ref.narrow(), ClusterEvent.LeaderChanged.class));
  }

  private static Behavior<ClusterEvent.ClusterDomainEvent> behavior(ClusterEventLog log) {
    return Behaviors.receiveMessage(event -> {
      record(log, event);
      return Behaviors.same();
    });
  }

  static void record(ClusterEventLog log, ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberUp e) {
      log.record("up", e.member().address().toString(), "");
    } else if (event instanceof ClusterEvent.MemberJoined e) {
      log.record("joined", e.member().address().toString(), "");
    } else if (event instanceof ClusterEvent.MemberLeft e) {
      log.record("left", e.member().address().toString(), "");
    } else if (event instanceof ClusterEvent.MemberExited e) {
      log.record("exited", e.member().address().toString(), "");
    } else if (event instanceof ClusterEvent.MemberDowned e) {
      log.record("downed", e.member().address().toString(), "");
    } else if (event instanceof ClusterEvent.MemberRemoved e) {
      log.record("removed", e.member().address().toString(), "was " + e.previousStatus());
    } else if (event instanceof ClusterEvent.UnreachableMember e) {
      log.record("unreachable", e.member().address().toString(), "");
    } else if (event instanceof ClusterEvent.ReachableMember e) {
      log.record("reachable", e.member().address().toString(), "");
    } else if (event instanceof ClusterEvent.LeaderChanged e) {
      log.record("leader", e.getLeader() == null ? "" : e.getLeader().toString(), "");
    }
  }
}
