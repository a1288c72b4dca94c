package io.switchboard.sharding.remotepresence;

import io.switchboard.sharding.session.UserSession;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * One per node: the session entities of this node that hold available presence from some remote
 * domain register here for it; a {@link PeerLost} published anywhere in the cluster is handed to
 * each of them as a local command. Entities that stop (passivation, a move to another node) are
 * forgotten through death watch, so the index holds only live entities, each for the domains it
 * still has contacts at.
 */
final class PeerLossRelay {
  static final String TOPIC = "s2s-peer-lost";

  sealed interface Command {}

  record Register(String domain, ActorRef<UserSession.Command> session) implements Command {}

  record Unregister(String domain, ActorRef<UserSession.Command> session) implements Command {}

  private record Lost(PeerLost lost) implements Command {}

  private record Gone(ActorRef<UserSession.Command> session) implements Command {}

  private PeerLossRelay() {}

  static Behavior<Command> create(ActorRef<Topic.Command<PeerLost>> topic,
      Function<String, UserSession.Command> lostCommand) {
    return Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.messageAdapter(PeerLost.class, Lost::new)));
      Map<String, Set<ActorRef<UserSession.Command>>> byDomain = new HashMap<>();
      Map<ActorRef<UserSession.Command>, Set<String>> bySession = new HashMap<>();
      return Behaviors.receive(Command.class)
          .onMessage(Register.class, r -> {
            if (!bySession.containsKey(r.session())) {
              ctx.watchWith(r.session(), new Gone(r.session()));
            }
            if (bySession.computeIfAbsent(r.session(), k -> new HashSet<>()).add(r.domain())) {
              byDomain.computeIfAbsent(r.domain(), k -> new HashSet<>()).add(r.session());
            }
            return Behaviors.same();
          })
          .onMessage(Unregister.class, u -> {
            remove(byDomain, u.domain(), u.session());
            Set<String> domains = bySession.get(u.session());
            if (domains != null && domains.remove(u.domain()) && domains.isEmpty()) {
              bySession.remove(u.session());
              ctx.unwatch(u.session());
            }
            return Behaviors.same();
          })
          .onMessage(Gone.class, g -> {
            Set<String> domains = bySession.remove(g.session());
            if (domains != null) {
              domains.forEach(d -> remove(byDomain, d, g.session()));
            }
            return Behaviors.same();
          })
          .onMessage(Lost.class, l -> {
            Set<ActorRef<UserSession.Command>> sessions = byDomain.getOrDefault(l.lost().domain(), Set.of());
            sessions.forEach(s -> s.tell(lostCommand.apply(l.lost().domain())));
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void remove(Map<String, Set<ActorRef<UserSession.Command>>> byDomain, String domain,
      ActorRef<UserSession.Command> session) {
    Set<ActorRef<UserSession.Command>> s = byDomain.get(domain);
    if (s != null && s.remove(session) && s.isEmpty()) {
      byDomain.remove(domain);
    }
  }
}
