package io.switchboard.sharding.pubsub;

import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The node names of one service (a {@code pubsub.<domain>} or a user's PEP service), sharded by
 * the service: what disco#items on the service lists, and which PEP nodes exist when a contact
 * comes online. {@link PubSubNode} tells it (fire and forget) after persisting a creation or a
 * deletion; both are idempotent. Idle entities passivate by sharding's default strategy.
 *
 * <p>It also knows which nodes have an open access model ({@link SetVisibility}, told by a node
 * when it is created, when its access model changes and when it recovers), so disco#items can list
 * those to anyone without asking each node; every other node is asked whether the requester may
 * see it (issue #23 F11). A node it knows nothing about counts as not open.
 *
 * <p><b>PEP node quota (issue #23 F9).</b> The directory is the single writer of an account's
 * node list, so it is where a new PEP node takes its slot: a node about to be auto-created (or
 * created) asks {@link Reserve} first, and only a granted reservation lets it persist its
 * creation. Commands are handled one at a time and a reservation is persisted before it is
 * answered, so two concurrent reserves of different new nodes cannot both take the last slot:
 * existing nodes plus live reservations never pass the limit ({@link PepQuota#reserve}).
 *
 * <p>A reservation counts until the node's {@link Add} arrives (it becomes a listed node), a
 * {@link Release} (the node did not create itself after all), a {@link Remove}, or its
 * expiry, {@link PepQuota#RESERVATION_TTL} after it was granted. The expiry is what frees a slot
 * whose node never answers: its entity stopped (passivation, hand-off, crash) between the grant
 * and its creation, or the journal write of the creation failed (the entity stops then). A leaked
 * reservation thus holds one slot for at most that long and never blocks the account for good.
 * (A node that persisted its creation but died before telling {@link Add} is listed again the
 * next time it starts.) Reservations are persisted, so a directory that moves or restarts keeps
 * them; expired ones are dropped at the next reservation.
 */
public final class PubSubDirectory
    extends EventSourcedBehavior<PubSubDirectory.Command, PubSubDirectory.Event,
        PubSubDirectory.Names> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "PubSubDirectory");

  public sealed interface Command extends CborSerializable {}

  public record Add(String node) implements Command {}

  public record Remove(String node) implements Command {}

  public record GetNodes(ActorRef<Names> replyTo) implements Command {}

  /**
   * Takes a slot for {@code node}, about to be created, if existing nodes plus live reservations
   * stay within {@code limit}; a node already listed or reserved is granted without a new slot.
   */
  public record Reserve(String node, int limit, ActorRef<Reserved> replyTo) implements Command {}

  /** The answer to {@link Reserve}. */
  public record Reserved(String node, boolean granted) implements CborSerializable {}

  /** Gives back the reservation of {@code node}, which was not created. */
  public record Release(String node) implements Command {}

  /** Whether {@code node}'s access model is open (anyone may see it and its items). */
  public record SetVisibility(String node, boolean open) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record NodeListed(String node) implements Event {}

  public record NodeUnlisted(String node) implements Event {}

  public record VisibilityChanged(String node, boolean open) implements Event {}

  /** A slot for {@code node} was granted at {@code at}; it counts until {@code until}. */
  public record NodeReserved(String node, Instant at, Instant until) implements Event {}

  public record ReservationReleased(String node) implements Event {}

  /**
   * The state and the answer to {@link GetNodes}: node names, sorted, those of them known to be
   * open, and the reservations of nodes not yet listed (node to expiry). ({@code open} and
   * {@code reserved} are absent from snapshots written before they existed: empty then.)
   */
  public record Names(Set<String> nodes, Set<String> open, Map<String, Instant> reserved)
      implements CborSerializable {
    public static final Names EMPTY = new Names(Set.of(), Set.of(), Map.of());

    public Names {
      nodes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(nodes));
      open = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(open == null ? Set.of() : open));
      reserved = java.util.Collections.unmodifiableSortedMap(
          new TreeMap<>(reserved == null ? Map.of() : reserved));
    }

    public Names(Set<String> nodes, Set<String> open) {
      this(nodes, open, Map.of());
    }

    public Names(Set<String> nodes) {
      this(nodes, Set.of(), Map.of());
    }

    /** {@code node} listed; its reservation, if any, is used up. */
    Names with(String node) {
      Set<String> next = new TreeSet<>(nodes);
      next.add(node);
      return new Names(next, open, unreserved(node));
    }

    Names without(String node) {
      Set<String> next = new TreeSet<>(nodes);
      next.remove(node);
      Set<String> nextOpen = new TreeSet<>(open);
      nextOpen.remove(node);
      return new Names(next, nextOpen, unreserved(node));
    }

    /** {@code node} reserved until {@code until}; reservations expired at {@code at} dropped. */
    Names reserving(String node, Instant at, Instant until) {
      Map<String, Instant> next = new TreeMap<>();
      reserved.forEach((n, u) -> {
        if (u.isAfter(at)) {
          next.put(n, u);
        }
      });
      next.put(node, until);
      return new Names(nodes, open, next);
    }

    Names released(String node) {
      return new Names(nodes, open, unreserved(node));
    }

    private Map<String, Instant> unreserved(String node) {
      if (!reserved.containsKey(node)) {
        return reserved;
      }
      Map<String, Instant> next = new TreeMap<>(reserved);
      next.remove(node);
      return next;
    }

    Names visibility(String node, boolean isOpen) {
      Set<String> nextOpen = new TreeSet<>(open);
      if (isOpen) {
        nextOpen.add(node);
      } else {
        nextOpen.remove(node);
      }
      return new Names(nodes, nextOpen, reserved);
    }
  }

  static void init(ActorSystem<?> system, int numberOfShards, PubSubSettings settings,
      Clock clock) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), settings, clock))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards)));
  }

  public static Behavior<Command> create(String service, PubSubSettings settings) {
    return create(service, settings, Clock.systemUTC());
  }

  public static Behavior<Command> create(String service, PubSubSettings settings, Clock clock) {
    return new PubSubDirectory(service, settings, clock);
  }

  private final PubSubSettings settings;
  private final Clock clock;

  private PubSubDirectory(String service, PubSubSettings settings, Clock clock) {
    super(PersistenceId.of(TYPE_KEY.name(), service));
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Names emptyState() {
    return Names.EMPTY;
  }

  @Override
  public String journalPluginId() {
    return settings.journalPluginId();
  }

  @Override
  public String snapshotPluginId() {
    return settings.snapshotPluginId();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots());
  }

  @Override
  public CommandHandler<Command, Event, Names> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Add.class, (state, cmd) -> state.nodes().contains(cmd.node())
            ? Effect().none() : Effect().persist(new NodeListed(cmd.node())))
        .onCommand(Remove.class, (state, cmd) -> !state.nodes().contains(cmd.node())
            ? Effect().none() : Effect().persist(new NodeUnlisted(cmd.node())))
        .onCommand(GetNodes.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Release.class, (state, cmd) -> !state.reserved().containsKey(cmd.node())
            ? Effect().none() : Effect().persist(new ReservationReleased(cmd.node())))
        .onCommand(SetVisibility.class, (state, cmd) -> state.open().contains(cmd.node()) == cmd.open()
            ? Effect().none() : Effect().persist(new VisibilityChanged(cmd.node(), cmd.open())))
        .build();
  }

  @Override
  public EventHandler<Names, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(NodeListed.class, (state, e) -> state.with(e.node()))
        .onEvent(NodeUnlisted.class, (state, e) -> state.without(e.node()))
        .onEvent(VisibilityChanged.class, (state, e) -> state.visibility(e.node(), e.open()))
        .onEvent(NodeReserved.class, (state, e) -> state.reserving(e.node(), e.at(), e.until()))
        .onEvent(ReservationReleased.class, (state, e) -> state.released(e.node()))
        .build();
  }

  /** Answered only once a new reservation is persisted: the next Reserve sees it. */
  private org.apache.pekko.persistence.typed.javadsl.Effect<Event, Names> onReserve(Names state,
      Reserve cmd) {
    Instant now = clock.instant();
    return switch (PepQuota.reserve(state, cmd.node(), cmd.limit(), now)) {
      case HELD -> Effect().reply(cmd.replyTo(), new Reserved(cmd.node(), true));
      case REFUSED -> Effect().reply(cmd.replyTo(), new Reserved(cmd.node(), false));
      case GRANTED -> Effect().persist(
              new NodeReserved(cmd.node(), now, now.plus(PepQuota.RESERVATION_TTL)))
          .thenReply(cmd.replyTo(), s -> new Reserved(cmd.node(), true));
    };
  }
}
