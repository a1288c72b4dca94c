package io.switchboard.node.component;

import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.component.ComponentRoutes;
import io.switchboard.sharding.component.ComponentSession;
import io.switchboard.sharding.session.ConnectionMessage;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jxmpp.jid.DomainBareJid;

/**
 * The cluster address of one component connection: its {@link ComponentSession} entity, on
 * whichever node, sends {@link ConnectionMessage}s here and this actor hands them to the stream.
 * It re-registers with the entity when told to ({@link ConnectionMessage.Rebind}, at shard
 * hand-off) and every {@code reregisterInterval}, so an entity restarted elsewhere after a crash
 * finds its connection again.
 */
final class ComponentConnection {
  private ComponentConnection() {}

  /** What the actor needs from the stream; both calls may come from any thread. */
  interface Stream {
    void deliver(XmlElement stanza);

    void close(StreamErrorCondition condition, String text);
  }

  /** Node-internal: the stream ended, stop. */
  enum Stop {
    INSTANCE
  }

  private enum Reregister {
    INSTANCE
  }

  static Behavior<Object> create(
      DomainBareJid domain, ComponentRoutes routes, Duration registerTimeout, Duration reregisterInterval,
      Stream stream) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      timers.startTimerWithFixedDelay(Reregister.INSTANCE, reregisterInterval);
      ActorRef<ConnectionMessage> self = ctx.getSelf().narrow();
      Runnable register = () -> routes.register(domain, self, registerTimeout).whenComplete((r, err) -> {
        if (r instanceof ComponentSession.Refused refused) {
          stream.close(condition(refused.condition()), "another connection serves " + domain);
        }
      });
      return Behaviors.receive(Object.class)
          .onMessage(ConnectionMessage.Deliver.class, d -> {
            stream.deliver(d.stanza());
            return Behaviors.same();
          })
          .onMessageEquals(ConnectionMessage.Rebind.INSTANCE, () -> {
            register.run();
            return Behaviors.same();
          })
          .onMessageEquals(Reregister.INSTANCE, () -> {
            register.run();
            return Behaviors.same();
          })
          .onMessageEquals(ConnectionMessage.Replaced.INSTANCE, () -> {
            stream.close(StreamErrorCondition.CONFLICT, "another connection serves " + domain);
            return Behaviors.same();
          })
          .onMessage(ConnectionMessage.Close.class, c -> {
            stream.close(condition(c.condition()), null);
            return Behaviors.same();
          })
          .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
          .build();
    }));
  }

  static StreamErrorCondition condition(String name) {
    return StreamErrorCondition.fromElementName(name).orElse(StreamErrorCondition.UNDEFINED_CONDITION);
  }
}
