package io.switchboard.sharding.pubsub;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** {@link NodeGateway} and {@link PubSubNode.NodeRegistry} over cluster sharding. */
final class ShardedNodeGateway implements NodeGateway, PubSubNode.NodeRegistry {
  private final ClusterSharding sharding;
  private final Duration timeout;

  ShardedNodeGateway(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<PubSubNode.Reply> ask(String service, String node,
      Function<ActorRef<PubSubNode.Reply>, PubSubNode.Command> request) {
    return sharding.entityRefFor(PubSubNode.TYPE_KEY, PubSubNode.entityId(service, node))
        .ask(request::apply, timeout);
  }

  @Override
  public void tell(String service, String node, PubSubNode.Command command) {
    sharding.entityRefFor(PubSubNode.TYPE_KEY, PubSubNode.entityId(service, node)).tell(command);
  }

  @Override
  public CompletionStage<PubSubDirectory.Names> directory(String service) {
    return sharding.entityRefFor(PubSubDirectory.TYPE_KEY, service)
        .ask(PubSubDirectory.GetNodes::new, timeout);
  }

  @Override
  public void visibility(String service, String node, boolean open) {
    sharding.entityRefFor(PubSubDirectory.TYPE_KEY, service)
        .tell(new PubSubDirectory.SetVisibility(node, open));
  }

  @Override
  public CompletionStage<Boolean> reserve(String service, String node, int limit) {
    return sharding.entityRefFor(PubSubDirectory.TYPE_KEY, service)
        .<PubSubDirectory.Reserved>ask(replyTo -> new PubSubDirectory.Reserve(node, limit, replyTo),
            timeout)
        .thenApply(PubSubDirectory.Reserved::granted);
  }

  @Override
  public void release(String service, String node) {
    sharding.entityRefFor(PubSubDirectory.TYPE_KEY, service)
        .tell(new PubSubDirectory.Release(node));
  }

  @Override
  public void created(String service, String node) {
    sharding.entityRefFor(PubSubDirectory.TYPE_KEY, service).tell(new PubSubDirectory.Add(node));
  }

  @Override
  public void deleted(String service, String node) {
    sharding.entityRefFor(PubSubDirectory.TYPE_KEY, service)
        .tell(new PubSubDirectory.Remove(node));
  }
}
