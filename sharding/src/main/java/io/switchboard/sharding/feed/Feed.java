package io.switchboard.sharding.feed;

import io.switchboard.protocol.util.Failures;
import io.switchboard.sharding.feed.FeedState.Batch;
import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One feed (an RSS or Atom URL), sharded by its normalised URL ({@link FeedKeys#normalise}), with
 * remember-entities: exactly one node of the cluster runs it and fetches the feed, and when that
 * node dies the shard moves and the entity starts again on a survivor from its journal, so
 * fetching moves with it.
 *
 * <p>What it does is decided by {@link FeedLogic} (pure: state, runtime, time in; events, actions
 * out); this class only persists the events, then runs the actions: fetches through the
 * {@link FeedFetcher} port, deliveries to pub-sub nodes through {@link FeedTargets}, WebSub
 * requests through {@link WebSubHub}, and timers. Persisted ({@link FeedState}): the targets and
 * what each acknowledged, the HTTP validators, the ids and digests of entries seen, batches not
 * yet delivered, the WebSub subscription. Not persisted ({@link FeedRuntime}): the schedule and
 * the last results.
 *
 * <p>No duplicates: entries are accepted (persisted, with a batch number) before they are
 * published, and each pub-sub node keeps the highest batch number of its feed it has published
 * ({@code PubSubNode.FeedPublish}), so a batch handed over again after a crash or failover is
 * acknowledged without a second notification. An entry is published again only when its digest
 * changes (an updated entry replaces its item).
 */
public final class Feed extends EventSourcedBehavior<Feed.Command, Feed.Event, FeedState> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Feed");

  private static final Logger log = LoggerFactory.getLogger(Feed.class);
  private static final Duration IDLE_UNATTACHED = Duration.ofSeconds(30);

  // ---------------------------------------------------------------------------------- protocol

  public sealed interface Command extends CborSerializable {}

  /** Publish into {@code target} ({@code service/node}); {@code intervalSeconds} 0: default. */
  public record Attach(String target, int intervalSeconds) implements Command {}

  public record Detach(String target) implements Command {}

  public record GetStatus(ActorRef<FeedStatus> replyTo) implements Command {}

  /** A hub's GET on the callback of subscription {@code subId} (WebSub §5.3 / §5.2). */
  public record VerifyIntent(String subId, String mode, String topic, String challenge,
      long leaseSeconds, String reason, ActorRef<VerifyAnswer> replyTo) implements Command {}

  /** The callback's answer: 200 with {@code body} (the challenge), or 404. */
  public record VerifyAnswer(int status, String body) implements CborSerializable {
    public static final VerifyAnswer NOT_FOUND = new VerifyAnswer(404, "");

    static VerifyAnswer confirm(String challenge) {
      return new VerifyAnswer(200, challenge);
    }
  }

  /** A hub's POST on the callback of subscription {@code subId} (WebSub §7). */
  public record Content(String subId, byte[] body, String contentType, String signature,
      ActorRef<ContentAnswer> replyTo) implements Command {
    @Override
    public boolean equals(Object o) {
      return o instanceof Content c && subId.equals(c.subId) && java.util.Arrays.equals(body, c.body)
          && Objects.equals(contentType, c.contentType) && Objects.equals(signature, c.signature)
          && replyTo.equals(c.replyTo);
    }

    @Override
    public int hashCode() {
      return Objects.hash(subId, java.util.Arrays.hashCode(body), contentType, signature, replyTo);
    }

    @Override
    public String toString() {
      return "Content[subId=" + subId + ", " + body.length + " bytes, contentType=" + contentType + "]";
    }
  }

  /** What became of pushed content. */
  public record ContentAnswer(String outcome) implements CborSerializable {
    public static final ContentAnswer ACCEPTED = new ContentAnswer("accepted");
    public static final ContentAnswer BAD_SIGNATURE = new ContentAnswer("bad-signature");
    public static final ContentAnswer UNKNOWN = new ContentAnswer("unknown-subscription");
  }

  private enum Tick implements Command {
    INSTANCE
  }

  private record Fetched(FetchOutcome outcome) implements Command {}

  private record Delivered(String target, long seq, FeedTargets.Outcome outcome, String error)
      implements Command {}

  private record RetryDelivery(String target) implements Command {}

  private record HubAnswered(String subId, WebSubHub.Answer answer) implements Command {}

  private record VerifyTimedOut(String subId) implements Command {}

  private enum Renew implements Command {
    INSTANCE
  }

  private record Parsed(FeedDocument document, String error) implements Command {}

  private enum Idle implements Command {
    INSTANCE
  }

  private enum Stop implements Command {
    INSTANCE
  }

  // Events: past tense, no ActorRefs.

  public sealed interface Event extends CborSerializable {}

  public record TargetAttached(String target, int intervalSeconds) implements Event {}

  public record TargetDetached(String target) implements Event {}

  /** An entry id and the digest of its payload, as accepted. */
  public record Seen(String id, String hash) implements CborSerializable {}

  /**
   * A fetch or push accepted {@code seen} (new or changed entries) as {@code batches}, and the
   * validators of the answer. {@code keepSeen} and {@code keepBatches} bound the state.
   */
  public record EntriesAccepted(String etag, String lastModified, List<Seen> seen,
      List<Batch> batches, boolean backfillServed, int keepSeen, int keepBatches)
      implements Event {}

  public record BatchDelivered(String target, long seq) implements Event {}

  /** A subscription (or, {@code renewal}, its renewal) was asked of {@code hub}. */
  public record WebSubRequested(String hub, String topic, String subId, String secret, Instant at,
      boolean renewal) implements Event {
    @Override
    public String toString() {
      return "WebSubRequested[hub=" + hub + ", topic=" + topic + ", subId=" + subId + ", renewal="
          + renewal + "]";
    }
  }

  public record WebSubVerified(String subId, Instant leaseUntil) implements Event {}

  public record WebSubUnsubscribing(String subId) implements Event {}

  public record WebSubEnded(String subId, String reason) implements Event {}

  /** Tells the cluster's list of feeds ({@link FeedDirectory}) that a feed is attached or not. */
  public interface Registry {
    void listed(String url, boolean listed);
  }

  /** What the entity needs from its surroundings. */
  public record Deps(FeedFetcher fetcher, WebSubHub hub, FeedTargets targets, Registry registry,
      Clock clock, Supplier<String> tokens) {
    public Deps {
      Objects.requireNonNull(fetcher, "fetcher");
      Objects.requireNonNull(hub, "hub");
      Objects.requireNonNull(targets, "targets");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(tokens, "tokens");
    }
  }

  // ------------------------------------------------------------------------------------ wiring

  static void init(ActorSystem<?> system, int numberOfShards, FeedSettings settings, Deps deps) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), ctx.getShard(), settings, deps))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards))
            // Remembered: a feed is fetched whether or not anyone sends it a message, so after a
            // crash its shard's new node must start it at once. A feed attached nowhere
            // passivates and is forgotten.
            .withSettings(ClusterShardingSettings.create(system)
                .withNoPassivationStrategy()
                .withRememberEntities(settings.rememberEntities()))
            .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(String url, ActorRef<ClusterSharding.ShardCommand> shard,
      FeedSettings settings, Deps deps) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new Feed(ctx, timers, url, shard, settings, deps)));
  }

  /** Tests in this package: the message sharding sends to stop the entity. */
  static Command stopMessage() {
    return Stop.INSTANCE;
  }

  static Command tick() {
    return Tick.INSTANCE;
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final String url;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final FeedSettings settings;
  private final Deps deps;
  private final FeedLogic logic;
  private FeedRuntime runtime = FeedRuntime.START;

  private Feed(ActorContext<Command> ctx, TimerScheduler<Command> timers, String url,
      ActorRef<ClusterSharding.ShardCommand> shard, FeedSettings settings, Deps deps) {
    super(PersistenceId.of(TYPE_KEY.name(), url));
    this.ctx = ctx;
    this.timers = timers;
    this.url = url;
    this.shard = shard;
    this.settings = settings;
    this.deps = deps;
    this.logic = new FeedLogic(url, settings, deps.tokens());
  }

  @Override
  public FeedState emptyState() {
    return FeedState.EMPTY;
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
  public SignalHandler<FeedState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          FeedDecision d = logic.recovered(state, runtime, now());
          runtime = d.runtime();
          run(state, d.actions());
          idleUnlessActive(state);
        })
        .build();
  }

  @Override
  public CommandHandler<Command, Event, FeedState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Attach.class, (s, c) -> apply(s, logic.attach(s, runtime, now(), c), null))
        .onCommand(Detach.class, (s, c) -> apply(s, logic.detach(s, runtime, now(), c.target()), null))
        .onCommand(GetStatus.class, (s, c) -> {
          c.replyTo().tell(logic.status(s, runtime, now(), ctx.getSystem().address().toString()));
          return Effect().none();
        })
        .onCommand(Tick.class, (s, c) -> apply(s, logic.tick(s, runtime, now()), null))
        .onCommand(Fetched.class, (s, c) -> apply(s, logic.fetched(s, runtime, now(), c.outcome()), null))
        .onCommand(Delivered.class, (s, c) -> apply(s,
            logic.delivered(s, runtime, now(), c.target(), c.seq(), c.outcome(), c.error()), null))
        .onCommand(RetryDelivery.class, (s, c) -> apply(s, logic.retryDelivery(s, runtime, c.target()), null))
        .onCommand(VerifyIntent.class, (s, c) -> apply(s, logic.verify(s, runtime, now(), c), c.replyTo()))
        .onCommand(Content.class, (s, c) -> apply(s, logic.content(s, runtime, now(), c), c.replyTo()))
        .onCommand(Parsed.class, (s, c) -> apply(s,
            logic.contentParsed(s, runtime, now(), c.document(), c.error()), null))
        .onCommand(HubAnswered.class, (s, c) -> apply(s,
            logic.hubAnswered(s, runtime, now(), c.subId(), c.answer()), null))
        .onCommand(VerifyTimedOut.class, (s, c) -> apply(s, logic.verifyDeadline(s, runtime, now(), c.subId()), null))
        .onCommand(Renew.class, (s, c) -> apply(s, logic.renew(s, runtime, now()), null))
        .onCommand(Idle.class, (s, c) -> {
          if (!s.active()) {
            shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
          }
          return Effect().none();
        })
        .onCommand(Stop.class, (s, c) -> Effect().stop())
        .build();
  }

  @Override
  public EventHandler<FeedState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(FeedState::apply);
  }

  // ---------------------------------------------------------------------------------------------

  private Instant now() {
    return deps.clock().instant();
  }

  @SuppressWarnings("unchecked")
  private Effect<Event, FeedState> apply(FeedState state, FeedDecision d, ActorRef<?> replyTo) {
    runtime = d.runtime();
    Runnable after = () -> {
      if (replyTo != null && d.reply() != null) {
        ((ActorRef<Object>) replyTo).tell(d.reply());
      }
    };
    if (d.events().isEmpty()) {
      run(state, d.actions());
      after.run();
      return Effect().none();
    }
    return Effect().persist(d.events()).thenRun(written -> {
      run(written, d.actions());
      after.run();
      idleUnlessActive(written);
    });
  }

  private void idleUnlessActive(FeedState state) {
    if (state.active()) {
      ctx.cancelReceiveTimeout();
    } else {
      ctx.setReceiveTimeout(IDLE_UNATTACHED, Idle.INSTANCE);
    }
  }

  private void run(FeedState state, List<FeedAction> actions) {
    for (FeedAction a : actions) {
      if (a instanceof FeedAction.Fetch f) {
        ctx.pipeToSelf(deps.fetcher().fetch(f.request()), (o, e) -> new Fetched(o != null ? o
            : new FetchOutcome.Failed("fetch failed: " + message(e), null)));
      } else if (a instanceof FeedAction.TickAt t) {
        timers.startSingleTimer("tick", Tick.INSTANCE, delayUntil(t.at()));
      } else if (a instanceof FeedAction.Deliver d) {
        Batch b = d.batch();
        ctx.pipeToSelf(deps.targets().deliver(d.target(), url, b.seq(), b.entries()),
            (o, e) -> new Delivered(d.target(), b.seq(), o, e == null ? null : message(e)));
      } else if (a instanceof FeedAction.RetryDelivery r) {
        timers.startSingleTimer("retry " + r.target(), new RetryDelivery(r.target()), r.after());
      } else if (a instanceof FeedAction.AskHub h) {
        log.info("feed {}: asking hub {} to {} (lease {} s)", url, h.request().hub(),
            h.request().mode(), h.request().lease().toSeconds());
        ctx.pipeToSelf(deps.hub().send(h.request()), (answer, e) -> new HubAnswered(h.subId(),
            answer != null ? answer : WebSubHub.Answer.refused(message(e))));
      } else if (a instanceof FeedAction.VerifyDeadline v) {
        timers.startSingleTimer("verify " + v.subId(), new VerifyTimedOut(v.subId()), v.after());
      } else if (a instanceof FeedAction.RenewAt r) {
        timers.startSingleTimer("renew", Renew.INSTANCE, delayUntil(r.at()));
      } else if (a instanceof FeedAction.Parse p) {
        ctx.pipeToSelf(deps.fetcher().parse(p.body(), p.contentType()),
            (doc, e) -> new Parsed(doc, e == null ? null : message(e)));
      } else if (a instanceof FeedAction.Listed l) {
        deps.registry().listed(url, l.listed());
      } else if (a instanceof FeedAction.Warn w) {
        log.warn("feed {}: {}", url, w.message());
      } else if (a == FeedAction.Passivate.INSTANCE) {
        log.info("feed {}: attached nowhere, stopping", url);
        shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
      }
    }
  }

  private Duration delayUntil(Instant at) {
    Duration d = Duration.between(now(), at);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String message(Throwable e) {
    Throwable cause = Failures.cause(e);
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
