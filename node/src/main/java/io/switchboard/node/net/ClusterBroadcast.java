package io.switchboard.node.net;

import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * One Pekko {@link Topic} through which every node tells the others what it counted (failed
 * logins, registration attempts): fire and forget, best effort, nothing persisted. Messages must be
 * serializable across the cluster (Jackson CBOR) and carry their origin so a node skips its own.
 */
public final class ClusterBroadcast {
  private ClusterBroadcast() {}

  /**
   * Subscribes {@code apply} to topic {@code name} for the messages {@code fromElsewhere} accepts,
   * and returns what publishes a message to every subscriber in the cluster.
   */
  public static <M> Consumer<M> start(ActorSystem<?> system, String name, Class<M> type,
      Predicate<M> fromElsewhere, Consumer<M> apply) {
    ActorRef<Topic.Command<M>> topic = system.systemActorOf(Topic.create(type, name), name + "-topic", Props.empty());
    ActorRef<M> subscriber = system.systemActorOf(Behaviors.receiveMessage((M m) -> {
      if (fromElsewhere.test(m)) {
        apply.accept(m);
      }
      return Behaviors.same();
    }), name + "-subscriber", Props.empty());
    topic.tell(Topic.subscribe(subscriber));
    return m -> topic.tell(Topic.publish(m));
  }
}
