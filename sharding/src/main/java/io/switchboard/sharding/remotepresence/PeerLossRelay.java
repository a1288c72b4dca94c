package io.switchboard.sharding.remotepresence;

import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: the session entities of this node that hold available presence from some remote
 * domain (or await contacts back from it) register here for it; a {@link PeerLost} published
 * anywhere in the cluster is handed to each of them as a local command, and so is a
 * {@link PeerReturned}, paced: at most {@link #RETURN_BATCH} entities per {@link #RETURN_TICK}
 * (each then probes its contacts there), through a bounded, deduplicated {@link ReturnQueue}.
 * Entities that stop (passivation, a move to another node) are forgotten through death watch, so
 * the index holds only live entities, each for the domains it still watches.
 */
final class PeerLossRelay {
  private static final Logger log = LoggerFactory.getLogger(PeerLossRelay.class);

  static final String TOPIC = "s2s-peer-lost";
  static final int RETURN_BATCH = 100;
  static final Duration RETURN_TICK = Duration.ofMillis(100);
  static final int RETURN_QUEUE_MAX = 100_000;

  sealed interface Command {}

  record Register(String domain, ActorRef<UserSession.Command> session) implements Command {}

  record Unregister(String domain, ActorRef<UserSession.Command> session) implements Command {}

  private record Event(PeerEvent event) implements Command {}

  private record Gone(ActorRef<UserSession.Command> session) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private record Returning(String domain, ActorRef<UserSession.Command> session) {}

  private PeerLossRelay() {}

  static Behavior<Command> create(ActorRef<Topic.Command<PeerEvent>> topic,
      Function<String, UserSession.Command> lostCommand, Function<String, UserSession.Command> returnedCommand) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      topic.tell(Topic.subscribe(ctx.messageAdapter(PeerEvent.class, Event::new)));
      Map<String, Set<ActorRef<UserSession.Command>>> byDomain = new HashMap<>();
      Map<ActorRef<UserSession.Command>, Set<String>> bySession = new HashMap<>();
      ReturnQueue<Returning> returning = new ReturnQueue<>(RETURN_QUEUE_MAX);
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
          .onMessage(Event.class, e -> {
            String domain = e.event().domain();
            Set<ActorRef<UserSession.Command>> sessions = byDomain.getOrDefault(domain, Set.of());
            if (e.event() instanceof PeerLost) {
              sessions.forEach(s -> s.tell(lostCommand.apply(domain)));
            } else {
              long before = returning.dropped();
              sessions.forEach(s -> returning.offer(new Returning(domain, s)));
              if (returning.dropped() > before) {
                log.warn("s2s: {} accounts will not probe their contacts at {}: too many returns queued",
                    returning.dropped() - before, domain);
              }
              if (!returning.isEmpty() && !timers.isTimerActive(Tick.INSTANCE)) {
                timers.startTimerWithFixedDelay(Tick.INSTANCE, RETURN_TICK);
              }
            }
            return Behaviors.same();
          })
          .onMessage(Tick.class, t -> {
            returning.take(RETURN_BATCH).forEach(r -> r.session().tell(returnedCommand.apply(r.domain())));
            if (returning.isEmpty()) {
              timers.cancel(Tick.INSTANCE);
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static void remove(Map<String, Set<ActorRef<UserSession.Command>>> byDomain, String domain,
      ActorRef<UserSession.Command> session) {
    Set<ActorRef<UserSession.Command>> s = byDomain.get(domain);
    if (s != null && s.remove(session) && s.isEmpty()) {
      byDomain.remove(domain);
    }
  }
}
