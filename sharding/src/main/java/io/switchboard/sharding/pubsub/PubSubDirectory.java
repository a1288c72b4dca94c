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

  public sealed interface Event extends CborSerializable {}

  public record NodeListed(String node) implements Event {}

  public record NodeUnlisted(String node) implements Event {}

  /** The state and the answer to {@link GetNodes}: node names, sorted. */
  public record Names(Set<String> nodes) implements CborSerializable {
    public static final Names EMPTY = new Names(Set.of());

    public Names {
      nodes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(nodes));
    }

    Names with(String node) {
      Set<String> next = new TreeSet<>(nodes);
      next.add(node);
      return new Names(next);
    }

    Names without(String node) {
      Set<String> next = new TreeSet<>(nodes);
      next.remove(node);
      return new Names(next);
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
        .build();
  }

  @Override
  public EventHandler<Names, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(NodeListed.class, (state, e) -> state.with(e.node()))
        .onEvent(NodeUnlisted.class, (state, e) -> state.without(e.node()))
        .build();
  }
}
