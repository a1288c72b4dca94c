package io.switchboard.node.health;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * The readiness check Pekko Management runs for {@code /ready} (configured in application.conf
 * beside its own cluster-membership check, which requires this member to be Up).
 */
public final class NodeReadinessCheck implements Supplier<CompletionStage<Boolean>> {
  private final NodeHealth health;

  public NodeReadinessCheck(ActorSystem system) {
    this.health = NodeHealth.get(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    return health.ready();
  }
}
