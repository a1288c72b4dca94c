package io.switchboard.sharding.pubsub;

import io.switchboard.sharding.serialization.CborSerializable;
import java.util.Set;
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

  /** Whether {@code node}'s access model is open (anyone may see it and its items). */
  public record SetVisibility(String node, boolean open) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record NodeListed(String node) implements Event {}

  public record NodeUnlisted(String node) implements Event {}

  public record VisibilityChanged(String node, boolean open) implements Event {}

  /**
   * The state and the answer to {@link GetNodes}: node names, sorted, and those of them known to
   * be open. ({@code open} is absent from snapshots written before it existed: empty then.)
   */
  public record Names(Set<String> nodes, Set<String> open) implements CborSerializable {
    public static final Names EMPTY = new Names(Set.of(), Set.of());

    public Names {
      nodes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(nodes));
      open = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(open == null ? Set.of() : open));
    }

    public Names(Set<String> nodes) {
      this(nodes, Set.of());
    }

    Names with(String node) {
      Set<String> next = new TreeSet<>(nodes);
      next.add(node);
      return new Names(next, open);
    }

    Names without(String node) {
      Set<String> next = new TreeSet<>(nodes);
      next.remove(node);
      Set<String> nextOpen = new TreeSet<>(open);
      nextOpen.remove(node);
      return new Names(next, nextOpen);
    }

    Names visibility(String node, boolean isOpen) {
      Set<String> nextOpen = new TreeSet<>(open);
      if (isOpen) {
        nextOpen.add(node);
      } else {
        nextOpen.remove(node);
      }
      return new Names(nodes, nextOpen);
    }
  }

  static void init(ActorSystem<?> system, int numberOfShards, PubSubSettings settings) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), settings))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards)));
  }

  public static Behavior<Command> create(String service, PubSubSettings settings) {
    return new PubSubDirectory(service, settings);
  }

  private final PubSubSettings settings;

  private PubSubDirectory(String service, PubSubSettings settings) {
    super(PersistenceId.of(TYPE_KEY.name(), service));
    this.settings = settings;
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
        .build();
  }
}
