package io.switchboard.node.stream;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The connection actors of this node whose stream dropped with XEP-0198 resumption on. The
 * session itself is journaled by the user's entity (it can be resumed on any node); the actor
 * only waits to be released. Shutdown releases them all, so they do not hold the node up.
 */
public final class ParkedSessions {
  private final Set<ActorRef<Object>> actors = ConcurrentHashMap.newKeySet();

  public void add(ActorRef<Object> actor) {
    actors.add(actor);
  }

  public void remove(ActorRef<Object> actor) {
    actors.remove(actor);
  }

  /** Everything parked, removed (for shutdown). */
  public List<ActorRef<Object>> drain() {
    List<ActorRef<Object>> all = List.copyOf(actors);
    all.forEach(actors::remove);
    return all;
  }
}
