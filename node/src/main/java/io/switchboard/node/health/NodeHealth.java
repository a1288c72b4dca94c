package io.switchboard.node.health;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * What the node knows about its own readiness, one instance per ActorSystem. Start-up steps flip
 * their flags as they complete; Coordinated Shutdown marks the node draining first, so /ready
 * turns false before listeners stop. Live probes (Cassandra) are asked on every readiness check.
 */
public final class NodeHealth implements Extension {

  /** Parts of the node that must be up before it takes traffic. */
  public enum Part {
    PERSISTENCE,
    SHARDING,
    LISTENERS
  }

  private final Map<Part, Boolean> parts = new ConcurrentHashMap<>();
  private final Map<String, Supplier<CompletionStage<Boolean>>> probes = new ConcurrentHashMap<>();
  private volatile boolean draining;

  public static NodeHealth get(ActorSystem system) {
    return Id.INSTANCE.get(system);
  }

  public static NodeHealth get(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    return Id.INSTANCE.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system));
  }

  public void markUp(Part part) {
    parts.put(part, true);
  }

  public void markDraining() {
    draining = true;
  }

  /** A live check run on every readiness request, e.g. "cassandra" answering a query. */
  public void addProbe(String name, Supplier<CompletionStage<Boolean>> probe) {
    probes.put(name, probe);
  }

  /** True when every part is up, the node is not draining and every probe answers true. */
  public CompletionStage<Boolean> ready() {
    if (draining) {
      return CompletableFuture.completedFuture(false);
    }
    for (Part p : Part.values()) {
      if (!parts.getOrDefault(p, false)) {
        return CompletableFuture.completedFuture(false);
      }
    }
    CompletableFuture<Boolean> result = CompletableFuture.completedFuture(true);
    for (Supplier<CompletionStage<Boolean>> probe : probes.values()) {
      CompletableFuture<Boolean> one =
          probe.get().toCompletableFuture().exceptionally(e -> false);
      result = result.thenCombine(one, Boolean::logicalAnd);
    }
    return result;
  }

  static final class Id extends AbstractExtensionId<NodeHealth> {
    static final Id INSTANCE = new Id();

    @Override
    public NodeHealth createExtension(ExtendedActorSystem system) {
      return new NodeHealth();
    }
  }
}
