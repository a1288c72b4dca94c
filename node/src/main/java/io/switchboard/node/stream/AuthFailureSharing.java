package io.switchboard.node.stream;

import io.switchboard.node.net.ClusterBroadcast;
import io.switchboard.node.net.PeerAddresses;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Makes the {@link AuthThrottle} cluster-wide: every node publishes its own failed and successful
 * logins (address key, account, outcome; never a password) through {@link ClusterBroadcast}, and applies
 * those of the other nodes to its own throttle. A guesser who spreads attempts over every node
 * behind a load balancer meets the same back-off on all of them.
 *
 * <p>Why a topic and not a shared counter: the throttle is asked on every login, and a sharded
 * counter or a Distributed Data read would add a round trip (possibly to another node) to each of
 * them, successful ones included; here a login only reads local memory, and a node sends a message
 * only when a password was wrong (or right after being wrong). What that costs in consistency:
 * counting is eventual and best-effort. Another node applies a failure after one remoting hop
 * (milliseconds); a message lost in a partition, or the history of a node that joins later, is not
 * replayed, so an attacker can at worst get each node's free failures once more, after which the
 * back-off grows again from the failures it keeps making. Counts are not persisted: a full cluster
 * restart forgets them.
 */
public final class AuthFailureSharing {
  private static final String TOPIC = "switchboard-auth-outcomes";

  /** One node's login outcome as it travels (Jackson CBOR). */
  public record Shared(String origin, byte[] address, String account, boolean failed) implements CborSerializable {}

  private AuthFailureSharing() {}

  /** Starts sharing {@code throttle}'s outcomes with the other nodes of {@code system}'s cluster. */
  public static void start(ActorSystem<?> system, AuthThrottle throttle) {
    String self = UUID.randomUUID().toString();
    Consumer<Shared> publish = ClusterBroadcast.start(system, TOPIC, Shared.class, m -> !self.equals(m.origin()),
        m -> throttle.apply(new AuthThrottle.Outcome(new PeerAddresses.Key(m.address()), m.account(), m.failed())));
    throttle.shareWith(o -> publish.accept(new Shared(self, o.address().bytes(), o.account(), o.failed())));
  }
}
