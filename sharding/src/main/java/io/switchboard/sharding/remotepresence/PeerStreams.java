package io.switchboard.sharding.remotepresence;

import io.switchboard.sharding.s2s.S2sPing;
import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's one view of the incoming s2s streams from one remote domain (the entity id), on
 * whichever nodes they are: each node tells it when a stream authenticated the domain, vouches
 * for it every half ping-interval, and tells it how the stream ended. When none is left after a
 * loss and none came back within {@code grace}, it publishes {@link PeerLost}; when a stream
 * authenticates the domain again after that (within {@link #RETURN_WINDOW}), or an outgoing stream
 * of ours authenticates to it ({@link OutboundUp}), {@link PeerReturned} once (decisions in
 * {@link PeerStreamsState}). While the return is awaited it asks the domain's outgoing side to try
 * the peer ({@link Dialer}, with the back-off of {@link Redial}), so that a peer that never opens a
 * stream to us is seen back too: one loop per lost domain in the cluster, as the entity is sharded.
 * Not persisted: after a move it learns the streams again from the nodes' next vouching (within
 * half a ping-interval), so at worst a loss during the move goes unannounced (or a return
 * unannounced, and the tries stop: the contacts then stay offline until they send presence). A
 * node that dies stops vouching: its streams count as lost after a lease of
 * {@code 2 × ping-interval + ping-timeout}.
 */
public final class PeerStreams {
  private static final Logger log = LoggerFactory.getLogger(PeerStreams.class);

  /** How long an announced loss waits for the domain to come back; then it is forgotten. */
  static final Duration RETURN_WINDOW = Duration.ofHours(1);

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "PeerStreams");

  public sealed interface Command extends CborSerializable {}

  /** Stream {@code id} (unique in the cluster) authenticated the domain, or still carries it. */
  public record StreamUp(String id) implements Command {}

  /** Stream {@code id} ended; {@code lost}: not closed politely by the peer. */
  public record StreamDown(String id, boolean lost) implements Command {}

  /** Our outgoing stream from {@code local} authenticated to the domain. */
  public record OutboundUp(String local) implements Command {}

  /**
   * Asks the outgoing side for {@code remote} to open a stream (if none is up) and ping the peer,
   * with ping id {@code id}.
   */
  @FunctionalInterface
  public interface Dialer {
    Dialer NONE = (remote, id) -> { };

    void dial(String remote, String id);
  }

  private enum Tick implements Command { INSTANCE }

  enum Stop implements Command { INSTANCE }

  public record Deps(ActorRef<Topic.Command<PeerEvent>> topic, S2sPing ping, RemotePresenceSettings settings,
      Clock clock, Dialer dialer) {

    /** Without tries of the lost domain. */
    public Deps(ActorRef<Topic.Command<PeerEvent>> topic, S2sPing ping, RemotePresenceSettings settings, Clock clock) {
      this(topic, ping, settings, clock, Dialer.NONE);
    }
  }

  public static void init(ActorSystem<?> system, int numberOfShards, Deps deps) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), ctx.getShard(), deps))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards))
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
            .withStopMessage(Stop.INSTANCE));
  }

  static Behavior<Command> create(String domain, ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Duration tick = Duration.ofMillis(Math.max(100, Math.min(deps.settings().grace().toMillis(),
          deps.ping().interval().toMillis()) / 4));
      timers.startTimerWithFixedDelay(Tick.INSTANCE, tick);
      return new PeerStreams(ctx, shard, domain, deps).running(PeerStreamsState.EMPTY, Redial.NONE);
    }));
  }

  private final ActorContext<Command> ctx;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final String domain;
  private final Deps deps;
  private final long lease;

  private PeerStreams(ActorContext<Command> ctx, ActorRef<ClusterSharding.ShardCommand> shard, String domain,
      Deps deps) {
    this.ctx = ctx;
    this.shard = shard;
    this.domain = domain;
    this.deps = deps;
    this.lease = deps.ping().interval().multipliedBy(2).plus(deps.ping().timeout()).toMillis();
  }

  private Behavior<Command> running(PeerStreamsState state, Redial redial) {
    return Behaviors.receive(Command.class)
        .onMessage(StreamUp.class, up -> {
          PeerStreamsState next = state.up(up.id(), now());
          if (next.returning()) {
            log.info("s2s: {} is back after its loss: its contacts are probed", domain);
            deps.topic().tell(Topic.publish(new PeerReturned(domain)));
            next = next.returnAnnounced();
          }
          return running(next, next.awaitingReturn() ? redial : Redial.NONE);
        })
        .onMessage(OutboundUp.class, up -> {
          if (!state.awaitingReturn()) {
            return Behaviors.same();
          }
          log.info("s2s: our stream from {} reached {} after its loss: its contacts are probed", up.local(), domain);
          deps.topic().tell(Topic.publish(new PeerReturned(domain)));
          return running(state.returnAnnounced(), Redial.NONE);
        })
        .onMessage(StreamDown.class, down -> {
          PeerStreamsState next = state.down(down.id(), down.lost(), now());
          if (next.lostAt() >= 0 && state.lostAt() < 0) {
            log.info("s2s: the last stream from {} was lost; unavailable presence in {} ms unless it comes back",
                domain, deps.settings().grace().toMillis());
          }
          return running(next, redial);
        })
        .onMessage(Tick.class, t -> onTick(state, redial))
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onTick(PeerStreamsState state, Redial redial) {
    long now = now();
    PeerStreamsState next = state.expire(now, lease).forget(now, RETURN_WINDOW.toMillis());
    Redial nextRedial = next.awaitingReturn() ? redial : Redial.NONE;
    if (next.announceDue(now, deps.settings().grace().toMillis())) {
      log.info("s2s: no stream from {} is left in the cluster: its contacts become unavailable", domain);
      deps.topic().tell(Topic.publish(new PeerLost(domain)));
      next = next.announced(now);
      nextRedial = Redial.after(now, deps.settings().retryFirst());
    } else if (nextRedial.due(now)) {
      nextRedial = nextRedial.tried(now, deps.settings().retryFirst(), deps.settings().retryMax());
      log.debug("s2s: trying {} again after its loss (try {})", domain, nextRedial.tries());
      deps.dialer().dial(domain, S2sPing.ID_PREFIX + "r-" + Long.toString(now, 36) + "-" + nextRedial.tries());
    }
    if (next.idle()) {
      shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
    }
    return running(next, nextRedial);
  }

  private long now() {
    return deps.clock().millis();
  }
}
