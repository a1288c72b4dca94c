package io.switchboard.sharding.muc;

import io.switchboard.sharding.session.StanzaRouting;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The {@link MucRelay}s of every node, as this node knows them: each node starts
 * {@code relays-per-node} relays and registers them with the receptionist; one subscriber per node
 * keeps this map current, and the rooms on the node read it (no subscription per room).
 * Thread-safe: the map is replaced whole.
 */
public final class RelayDirectory {
  private final String self;
  private final int perNode;
  @SuppressWarnings("unchecked")
  private volatile Map<String, ActorRef<MucRelay.Command>[]> byNode = Map.of();
  private final ActorRef<MucRelay.Command>[] local;

  @SuppressWarnings("unchecked")
  private RelayDirectory(String self, int perNode) {
    this.self = self;
    this.perNode = perNode;
    this.local = new ActorRef[perNode];
  }

  /** Starts this node's relays and the subscriber that follows every node's. */
  public static RelayDirectory start(ActorSystem<?> system, String selfAddress, StanzaRouting routing,
      MucSettings settings) {
    RelayDirectory dir = new RelayDirectory(selfAddress, settings.relaysPerNode());
    for (int i = 0; i < settings.relaysPerNode(); i++) {
      ActorRef<MucRelay.Command> relay = system.systemActorOf(
          MucRelay.create(routing, settings.relayBatch()), "muc-relay-" + i, Props.empty());
      dir.local[i] = relay;
      system.receptionist().tell(Receptionist.register(MucRelay.key(i), relay));
    }
    system.systemActorOf(dir.follow(), "muc-relay-directory", Props.empty());
    return dir;
  }

  /** A directory with only local relays (tests of one node without a receptionist). */
  static RelayDirectory localOnly(String selfAddress, ActorRef<MucRelay.Command> relay) {
    RelayDirectory dir = new RelayDirectory(selfAddress, 1);
    dir.local[0] = relay;
    return dir;
  }

  /** This node's address, as rooms compare nodes. */
  public String self() {
    return self;
  }

  /** Relay {@code index} of {@code node}; this node's own when {@code node} has none (it left). */
  ActorRef<MucRelay.Command> relay(String node, int index) {
    int i = Math.floorMod(index, perNode);
    if (node == null || node.equals(self)) {
      return local[i];
    }
    ActorRef<MucRelay.Command>[] refs = byNode.get(node);
    return refs == null || refs[i] == null ? null : refs[i];
  }

  /** Whether {@code node} has relays (it is a member that registered them). */
  boolean knows(String node) {
    return node != null && (node.equals(self) || byNode.containsKey(node));
  }

  int perNode() {
    return perNode;
  }

  private Behavior<Void> follow() {
    return Behaviors.<Object>setup(ctx -> {
      ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, l -> l);
      for (int i = 0; i < perNode; i++) {
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(MucRelay.key(i), adapter));
      }
      Map<Integer, Set<ActorRef<MucRelay.Command>>> listings = new HashMap<>();
      return Behaviors.receiveMessage(msg -> {
        if (msg instanceof Receptionist.Listing listing) {
          for (int i = 0; i < perNode; i++) {
            if (listing.isForKey(MucRelay.key(i))) {
              // Unreachable ones too: what goes to a node that may be dead waits for its confirmation
              // and is sent again through this node once the node is removed.
              listings.put(i, listing.getAllServiceInstances(MucRelay.key(i)));
            }
          }
          rebuild(listings, ctx.getSystem().address());
        }
        return Behaviors.same();
      });
    }).narrow();
  }

  @SuppressWarnings("unchecked")
  private void rebuild(Map<Integer, Set<ActorRef<MucRelay.Command>>> listings, Address selfAddress) {
    Map<String, ActorRef<MucRelay.Command>[]> next = new HashMap<>();
    listings.forEach((index, refs) -> {
      for (ActorRef<MucRelay.Command> ref : refs) {
        Address a = ref.path().address();
        String node = (a.hasGlobalScope() ? a : selfAddress).toString();
        next.computeIfAbsent(node, n -> new ActorRef[perNode])[index] = ref;
      }
    });
    byNode = Map.copyOf(next);
  }
}
