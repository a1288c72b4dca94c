package io.switchboard.sharding.pubsub;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The service's gateway without cluster sharding: each node entity is spawned once in the test
 * kit (in-memory journal), the directory is a map. {@link #restart} stops an entity so the next
 * message recovers it from the journal.
 */
final class LocalGateway implements NodeGateway, PubSubNode.NodeRegistry {
  private final ActorTestKit kit;
  private final PubSubSettings settings;
  private final TestProbe<ClusterSharding.ShardCommand> shard;
  private final Map<String, ActorRef<PubSubNode.Command>> entities = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> directory = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> open = new ConcurrentHashMap<>();
  private final Map<String, PubSubDirectory.Names> reservations = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger directoryAsks =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger reserveAsks =
      new java.util.concurrent.atomic.AtomicInteger();
  private PubSubNode.Deps deps;

  /** How many times the directory was asked for its node list, and for a slot. */
  int directoryAsks() {
    return directoryAsks.get();
  }

  int reserveAsks() {
    return reserveAsks.get();
  }

  LocalGateway(ActorTestKit kit, PubSubSettings settings) {
    this.kit = kit;
    this.settings = settings;
    this.shard = kit.createTestProbe();
  }

  void deps(PubSubNode.Deps deps) {
    this.deps = deps;
  }

  ActorRef<PubSubNode.Command> entity(String service, String node) {
    return entities.computeIfAbsent(PubSubNode.entityId(service, node),
        id -> kit.spawn(PubSubNode.create(service, node, shard.ref(), settings, deps)));
  }

  /** Stops the entity and waits until it is gone; the next message starts it from the journal. */
  void restart(String service, String node) {
    ActorRef<PubSubNode.Command> ref = entities.remove(PubSubNode.entityId(service, node));
    if (ref != null) {
      TestProbe<Object> probe = kit.createTestProbe();
      ref.tell(PubSubNode.stopMessage());
      probe.expectTerminated(ref, Duration.ofSeconds(3));
    }
  }

  @Override
  public CompletionStage<PubSubNode.Reply> ask(String service, String node,
      Function<ActorRef<PubSubNode.Reply>, PubSubNode.Command> request) {
    return AskPattern.ask(entity(service, node), request::apply, Duration.ofSeconds(60),
        kit.scheduler());
  }

  @Override
  public void tell(String service, String node, PubSubNode.Command command) {
    entity(service, node).tell(command);
  }

  @Override
  public CompletionStage<PubSubDirectory.Names> directory(String service) {
    directoryAsks.incrementAndGet();
    return CompletableFuture.completedFuture(new PubSubDirectory.Names(
        Set.copyOf(directory.getOrDefault(service, Set.of())), Set.copyOf(open.getOrDefault(service, Set.of()))));
  }

  @Override
  public void visibility(String service, String node, boolean isOpen) {
    Set<String> set = open.computeIfAbsent(service, s -> new java.util.concurrent.ConcurrentSkipListSet<>());
    if (isOpen) {
      set.add(node);
    } else {
      set.remove(node);
    }
  }

  /**
   * The directory's decision ({@link PepQuota#reserve}) on the nodes listed here, one request at
   * a time; a granted slot is held until the node is listed or released (no expiry here).
   */
  @Override
  public synchronized CompletionStage<Boolean> reserve(String service, String node, int limit) {
    reserveAsks.incrementAndGet();
    java.time.Instant now = java.time.Instant.EPOCH;
    PubSubDirectory.Names held = reservations.getOrDefault(service, PubSubDirectory.Names.EMPTY);
    PubSubDirectory.Names dir = new PubSubDirectory.Names(
        Set.copyOf(directory.getOrDefault(service, Set.of())), Set.of(), held.reserved());
    PepQuota.Slot slot = PepQuota.reserve(dir, node, limit, now);
    if (slot == PepQuota.Slot.GRANTED) {
      reservations.put(service, held.reserving(node, now, java.time.Instant.MAX));
    }
    return CompletableFuture.completedFuture(slot != PepQuota.Slot.REFUSED);
  }

  @Override
  public synchronized void release(String service, String node) {
    reservations.computeIfPresent(service, (s, held) -> held.released(node));
  }

  @Override
  public synchronized void created(String service, String node) {
    reservations.computeIfPresent(service, (s, held) -> held.released(node));
    directory.computeIfAbsent(service, s -> new java.util.concurrent.ConcurrentSkipListSet<>()).add(node);
  }

  @Override
  public void deleted(String service, String node) {
    directory.getOrDefault(service, new java.util.concurrent.ConcurrentSkipListSet<>()).remove(node);
    open.getOrDefault(service, new java.util.concurrent.ConcurrentSkipListSet<>()).remove(node);
  }
}
