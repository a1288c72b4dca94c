package io.switchboard.node.c2s;

import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The address a bound client has in the cluster: its {@code UserSession} entity, wherever it
 * lives, sends {@link ConnectionMessage}s here, and this actor hands them to the
 * {@link ClientSession}. It lives as long as the session (including while a dropped session
 * waits to be resumed), so the entity's death-watch on it means "this resource is gone".
 */
final class ConnectionActor {
  private ConnectionActor() {}

  /** Node-internal: the session ended, stop. */
  enum Stop {
    INSTANCE
  }

  /** A stanza that reached an ended session goes back through the router. */
  interface Fallback {
    void undeliverable(ClientSession session, XmlElement stanza);
  }

  static Behavior<Object> create(ClientSession session, Router router, Duration timeout, Fallback fallback) {
    return Behaviors.setup(ctx -> Behaviors.receive(Object.class)
        .onMessage(ConnectionMessage.Deliver.class, d -> {
          if (!session.deliver(d.stanza())) {
            fallback.undeliverable(session, d.stanza());
          }
          return Behaviors.same();
        })
        .onMessageEquals(ConnectionMessage.Replaced.INSTANCE, () -> {
          session.closeWith(StreamErrorCondition.CONFLICT, "replaced by a new login for this resource");
          return Behaviors.same();
        })
        .onMessage(ConnectionMessage.Close.class, c -> {
          session.closeWith(condition(c.condition()), "the account is gone");
          return Behaviors.same();
        })
        .onMessageEquals(ConnectionMessage.Rebind.INSTANCE, () -> {
          reattach(session, router, ctx.getSelf().narrow(), timeout);
          return Behaviors.same();
        })
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build());
  }

  private static StreamErrorCondition condition(String name) {
    return StreamErrorCondition.fromElementName(name).orElse(StreamErrorCondition.NOT_AUTHORIZED);
  }

  /** Tells the (possibly new) entity incarnation about this connection again. */
  static void reattach(ClientSession session, Router router, ActorRef<ConnectionMessage> self, Duration timeout) {
    if (session.ended()) {
      return;
    }
    router
        .reattach(session.jid(), self, session.lastPresence(), session.rosterRequested(), timeout)
        .whenComplete((result, err) -> {
          if (result instanceof BindResult.Refused r) {
            StreamErrorCondition c = condition(r.condition());
            session.closeWith(c, c == StreamErrorCondition.CONFLICT
                ? "this resource was bound by a newer login" : "the account is gone");
          }
        });
  }
}
