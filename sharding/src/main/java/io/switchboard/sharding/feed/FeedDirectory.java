package io.switchboard.sharding.feed;

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
 * The URLs of every attached feed of the cluster (one sharded entity, id {@value #ID}): what the
 * CLI, the status JSON and the API list. A {@link Feed} tells it (fire and forget, idempotent)
 * when it gains its first target or loses its last, and again each time it starts attached.
 */
public final class FeedDirectory
    extends EventSourcedBehavior<FeedDirectory.Command, FeedDirectory.Event, FeedDirectory.Urls> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "FeedDirectory");

  static final String ID = "feeds";

  public sealed interface Command extends CborSerializable {}

  public record Add(String url) implements Command {}

  public record Remove(String url) implements Command {}

  public record GetUrls(ActorRef<Urls> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record FeedListed(String url) implements Event {}

  public record FeedUnlisted(String url) implements Event {}

  /** The state and the answer to {@link GetUrls}: URLs, sorted. */
  public record Urls(Set<String> urls) implements CborSerializable {
    public Urls {
      urls = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(urls));
    }

    Urls with(String url, boolean present) {
      Set<String> next = new TreeSet<>(urls);
      if (present) {
        next.add(url);
      } else {
        next.remove(url);
      }
      return new Urls(next);
    }
  }

  static void init(ActorSystem<?> system, int numberOfShards, FeedSettings settings) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(settings))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards)));
  }

  public static Behavior<Command> create(FeedSettings settings) {
    return new FeedDirectory(settings);
  }

  private final FeedSettings settings;

  private FeedDirectory(FeedSettings settings) {
    super(PersistenceId.of(TYPE_KEY.name(), ID));
    this.settings = settings;
  }

  @Override
  public Urls emptyState() {
    return new Urls(Set.of());
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
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots())
        .withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandler<Command, Event, Urls> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Add.class, (state, cmd) -> state.urls().contains(cmd.url())
            ? Effect().none() : Effect().persist(new FeedListed(cmd.url())))
        .onCommand(Remove.class, (state, cmd) -> !state.urls().contains(cmd.url())
            ? Effect().none() : Effect().persist(new FeedUnlisted(cmd.url())))
        .onCommand(GetUrls.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<Urls, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(FeedListed.class, (state, e) -> state.with(e.url(), true))
        .onEvent(FeedUnlisted.class, (state, e) -> state.with(e.url(), false))
        .build();
  }
}
