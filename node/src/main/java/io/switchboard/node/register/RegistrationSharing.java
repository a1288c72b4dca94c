package io.switchboard.node.register;

import io.switchboard.node.net.ClusterBroadcast;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Makes open registration's per-address limit cluster-wide: each node publishes the address key of
 * every registration attempt it counts ({@link ClusterBroadcast}) and counts those of the other
 * nodes in its own {@link RegistrationPolicy}, so a client spreading attempts over every node behind
 * a load balancer gets {@code max-per-address} in total, not per node. The same trade as
 * {@code AuthFailureSharing}: a registration reads only local memory; counting is best effort
 * (one remoting hop late, lost in a partition, not replayed to a node that joins later, forgotten
 * by a full restart), so the worst case is each node's allowance once more.
 */
public final class RegistrationSharing {
  private static final String TOPIC = "switchboard-registration-attempts";

  /** One attempt as it travels (Jackson CBOR): the address key only. */
  public record Shared(String origin, byte[] address) implements CborSerializable {}

  private RegistrationSharing() {}

  /** Starts sharing {@code policy}'s counted attempts with the other nodes of {@code system}'s cluster. */
  public static void start(ActorSystem<?> system, RegistrationPolicy policy) {
    String self = UUID.randomUUID().toString();
    Consumer<Shared> publish = ClusterBroadcast.start(system, TOPIC, Shared.class, m -> !self.equals(m.origin()),
        m -> policy.apply(new PeerAddresses.Key(m.address())));
    policy.shareWith(k -> publish.accept(new Shared(self, k.bytes())));
  }
}
