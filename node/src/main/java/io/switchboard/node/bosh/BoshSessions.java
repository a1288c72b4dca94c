package io.switchboard.node.bosh;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;

/** The BOSH sessions held by this node, by token: found without a look-up for local requests, ended on drain. */
final class BoshSessions {
  private final ConcurrentHashMap<String, ActorRef<BoshSession.Command>> byToken = new ConcurrentHashMap<>();

  void add(String token, ActorRef<BoshSession.Command> session) {
    byToken.put(token, session);
  }

  void remove(String token) {
    byToken.remove(token);
  }

  Optional<ActorRef<BoshSession.Command>> get(String token) {
    return Optional.ofNullable(byToken.get(token));
  }

  int count() {
    return byToken.size();
  }

  /** Ends every session (system-shutdown), spread over {@code window}; completes when all are gone or later. */
  CompletionStage<Void> closeAll(Duration window, ScheduledExecutorService timer) {
    List<ActorRef<BoshSession.Command>> all = List.copyOf(byToken.values());
    long step = all.isEmpty() ? 0 : window.toNanos() / all.size();
    for (int i = 0; i < all.size(); i++) {
      ActorRef<BoshSession.Command> s = all.get(i);
      timer.schedule(() -> s.tell(BoshSession.Shutdown.INSTANCE), i * step, TimeUnit.NANOSECONDS);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    long deadline = System.nanoTime() + window.plusSeconds(8).toNanos();
    Runnable[] poll = new Runnable[1];
    poll[0] = () -> {
      if (byToken.isEmpty() || System.nanoTime() - deadline > 0) {
        done.complete(null);
      } else {
        timer.schedule(poll[0], 100, TimeUnit.MILLISECONDS);
      }
    };
    poll[0].run();
    return done;
  }
}
