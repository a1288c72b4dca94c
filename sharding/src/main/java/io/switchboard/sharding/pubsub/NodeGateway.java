package io.switchboard.sharding.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How the {@link PubSubService} reaches node and directory entities: through cluster sharding in
 * production ({@link ShardedNodeGateway}), through locally spawned entities in tests.
 */
interface NodeGateway {

  CompletionStage<PubSubNode.Reply> ask(String service, String node,
      Function<ActorRef<PubSubNode.Reply>, PubSubNode.Command> request);

  void tell(String service, String node, PubSubNode.Command command);

  /** The names of the service's nodes and which of them are open. */
  CompletionStage<PubSubDirectory.Names> directory(String service);

  /** The names of the service's nodes. */
  default CompletionStage<Set<String>> nodes(String service) {
    return directory(service).thenApply(PubSubDirectory.Names::nodes);
  }
}
