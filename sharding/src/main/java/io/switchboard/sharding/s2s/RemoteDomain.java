package io.switchboard.sharding.s2s;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.util.ThrottledLog;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The outgoing side of federation for one pair of domains ({@link RemoteDomainKey}): a sharded,
 * event-sourced queue that owns the pair's outgoing s2s stream. Exactly one node of the cluster
 * runs it, so there is one outgoing stream per pair in the whole cluster, on that node.
 *
 * <p><b>Acknowledgement rule.</b> A stanza is acknowledged to its sender (its {@link Receipt})
 * only after it is persisted in this entity's journal ({@link StanzasQueued}). It leaves the queue
 * when the stream has written it to the socket ({@link StanzasSent}, recorded every
 * {@code sent-flush}). When the node dies, remember-entities restarts the entity on a survivor,
 * which recovers the queue and sends everything not recorded as sent over a new stream: nothing
 * acknowledged is lost; what was written but not yet recorded is sent twice (XMPP s2s has no
 * acknowledgements of its own, so the remote server may see a duplicate). A sender's connection
 * re-sends a message whose receipt was lost with the node; the copy carries the message id of the
 * first ({@link Receipt#id()}), and the queue remembers the ids of its last
 * {@value RemoteQueue#RECENT} stanzas in its journal, so the copy is acknowledged again and not
 * queued twice. Deliveries that arrive
 * while a write to the journal runs are persisted together with the next one (group commit).
 *
 * <p>Failures: no stream within {@code timeout}, or more than {@code max-queued} waiting →
 * {@code remote-server-timeout} to the sender; a domain that has no server at all →
 * {@code remote-server-not-found}. Reconnects back off exponentially. With nothing queued and no
 * stream the entity passivates (and is forgotten by remember-entities).
 */
public final class RemoteDomain extends EventSourcedBehavior<RemoteDomain.Command, RemoteDomain.Event, RemoteQueue> {
  private static final Logger log = LoggerFactory.getLogger(RemoteDomain.class);
  /** The "queue full" line, at most every 10 s (it came per refused stanza: 14,825 lines in minutes). */
  private final ThrottledLog queueFullLog = new ThrottledLog(Duration.ofSeconds(10));

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "RemoteDomain");

  public sealed interface Command extends CborSerializable {}

  /** A stanza for the remote domain with final from and to; {@code receipt} may be null. */
  public record Deliver(XmlElement stanza, Receipt receipt) implements Command {}

  private enum PersistPending implements Command { INSTANCE }

  private record LinkUp(int attempt, OutboundLinks.Link link) implements Command {}

  private record LinkDown(int attempt, String reason, boolean unreachable) implements Command {}

  private record Written(int attempt, long seq) implements Command {}

  private enum Flush implements Command { INSTANCE }

  private enum Reconnect implements Command { INSTANCE }

  private enum Expire implements Command { INSTANCE }

  private enum Idle implements Command { INSTANCE }

  /** An answer (result or error) to our ping {@code id} arrived on one of the peer's streams (any node). */
  public record PingAnswered(String id) implements Command {}

  /**
   * An incoming stream from the remote domain was silent for {@code ping-interval}: ping the peer
   * so that it answers (on that stream, if it still uses it). Opens a stream if none is up.
   */
  public record SendPing(String id) implements Command {}

  private enum PingTick implements Command { INSTANCE }

  enum Stop implements Command { INSTANCE }

  // Events: past tense, no ActorRefs.

  public sealed interface Event extends CborSerializable {}

  /**
   * Stanzas accepted for the remote domain at {@code at} (epoch millis), numbered in order;
   * {@code ids} are their message ids, in the same order ("" for a stanza without one; all "" in
   * events written before ids were recorded).
   */
  public record StanzasQueued(List<XmlElement> stanzas, long at, List<String> ids) implements Event {
    public StanzasQueued {
      stanzas = List.copyOf(stanzas);
      ids = ids == null || ids.size() != stanzas.size()
          ? java.util.Collections.nCopies(stanzas.size(), "") : List.copyOf(ids);
    }

    public StanzasQueued(List<XmlElement> stanzas, long at) {
      this(stanzas, at, null);
    }
  }

  /** Every stanza up to {@code upTo} was written to the remote domain's stream. */
  public record StanzasSent(long upTo) implements Event {}

  /** Every stanza up to {@code upTo} was answered with {@code condition} (an RFC 6120 stanza error). */
  public record StanzasBounced(long upTo, String condition) implements Event {}

  /** What the entity needs from its node. */
  public record Deps(OutboundLinks links, StanzaRouting routing, Clock clock, RemoteDomainSettings settings,
      S2sPing ping) {

    /** With the default pings ({@link S2sPing#DEFAULTS}). */
    public Deps(OutboundLinks links, StanzaRouting routing, Clock clock, RemoteDomainSettings settings) {
      this(links, routing, clock, settings, S2sPing.DEFAULTS);
    }
  }

  public static void init(ActorSystem<?> system, int numberOfShards, Deps deps) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), ctx.getShard(), deps))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards))
            .withSettings(ClusterShardingSettings.create(system)
                .withNoPassivationStrategy()
                .withRememberEntities(deps.settings().rememberEntities()))
            .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(String entityId, ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    RemoteDomainKey key = RemoteDomainKey.parse(entityId)
        .orElseThrow(() -> new IllegalArgumentException("not a remote domain key: " + entityId));
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new RemoteDomain(ctx, timers, key, shard, deps)));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final RemoteDomainKey key;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Deps deps;
  private final RemoteDomainSettings settings;

  // Runtime, not persisted: the stream, what it wrote, deliveries waiting for the journal.
  private OutboundLinks.Link link;
  private boolean connecting;
  private int attempt;
  private int failures;
  private long writtenUpTo;
  private final List<XmlElement> pending = new ArrayList<>();
  private final List<Receipt> pendingReceipts = new ArrayList<>();
  /** The message ids of {@link #pending}, in the same order ("" for none). */
  private final List<String> pendingIds = new ArrayList<>();
  private boolean persistScheduled;
  // XEP-0199 on the outgoing stream (see S2sPing): nanoseconds of deps.clock().
  private long lastTraffic;
  private long pingSentAt = -1;
  private String pingId;
  private long pings;
  private final List<String> pingsToSend = new ArrayList<>();

  private RemoteDomain(ActorContext<Command> ctx, TimerScheduler<Command> timers, RemoteDomainKey key,
      ActorRef<ClusterSharding.ShardCommand> shard, Deps deps) {
    super(PersistenceId.of(TYPE_KEY.name(), key.entityId()));
    this.ctx = ctx;
    this.timers = timers;
    this.key = key;
    this.shard = shard;
    this.deps = deps;
    this.settings = deps.settings();
  }

  @Override
  public RemoteQueue emptyState() {
    return RemoteQueue.EMPTY;
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
  public SignalHandler<RemoteQueue> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          writtenUpTo = state.isEmpty() ? state.nextSeq() - 1 : state.items().get(0).seq() - 1;
          timers.startTimerWithFixedDelay(Expire.INSTANCE, java.time.Duration.ofSeconds(1));
          if (!state.isEmpty()) {
            log.info("{}: {} stanzas recovered, connecting", key, state.size());
            connect();
          } else {
            armIdle();
          }
        })
        .build();
  }

  @Override
  public CommandHandler<Command, Event, RemoteQueue> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Deliver.class, this::onDeliver)
        .onCommand(PersistPending.class, this::onPersistPending)
        .onCommand(LinkUp.class, this::onLinkUp)
        .onCommand(LinkDown.class, this::onLinkDown)
        .onCommand(Written.class, (s, c) -> {
          if (c.attempt() == attempt && c.seq() > writtenUpTo) {
            writtenUpTo = c.seq();
            if (!timers.isTimerActive(Flush.INSTANCE)) {
              timers.startSingleTimer(Flush.INSTANCE, settings.sentFlush());
            }
          }
          return Effect().none();
        })
        .onCommand(Flush.class, this::onFlush)
        .onCommand(Reconnect.class, (s, c) -> {
          if (link == null && !connecting && !s.isEmpty()) {
            connect();
          }
          return Effect().none();
        })
        .onCommand(Expire.class, this::onExpire)
        .onCommand(Idle.class, this::onIdle)
        .onCommand(PingAnswered.class, this::onPingAnswered)
        .onCommand(SendPing.class, this::onSendPing)
        .onCommand(PingTick.class, this::onPingTick)
        .onCommand(Stop.class, (s, c) -> {
          closeLink();
          return Effect().stop();
        })
        .build();
  }

  @Override
  public EventHandler<RemoteQueue, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(RemoteQueue::apply);
  }

  // ------------------------------------------------------------------------------ deliveries

  private Effect<Event, RemoteQueue> onDeliver(RemoteQueue state, Deliver d) {
    String id = messageId(d.receipt());
    if (state.accepted(id)) {
      // A copy the sender's connection sent again because its receipt was lost (a node died):
      // the journal has it, so acknowledge it once more instead of queueing it twice.
      Receipt.ack(d.receipt());
      return Effect().none();
    }
    if (state.size() + pending.size() >= settings.maxQueued()) {
      if (queueFullLog.due(System.nanoTime())) {
        log.info("{}: queue full ({} stanzas), answering remote-server-timeout ({} more since the last such line)",
            key, settings.maxQueued(), queueFullLog.takeSkipped());
      }
      bounce(d.stanza(), StanzaErrorCondition.REMOTE_SERVER_TIMEOUT);
      Receipt.ack(d.receipt());
      return Effect().none();
    }
    if (d.receipt() != null) {
      pendingReceipts.add(d.receipt());
    }
    if (!id.isEmpty() && pendingIds.contains(id)) {
      return Effect().none(); // the same copy waits for this batch's write; acknowledged with it
    }
    pending.add(d.stanza());
    pendingIds.add(id);
    if (!persistScheduled) {
      // Deliveries stashed behind a running persist are unstashed before this message: they
      // join this batch (group commit).
      persistScheduled = true;
      ctx.getSelf().tell(PersistPending.INSTANCE);
    }
    timers.cancel(Idle.INSTANCE);
    return Effect().none();
  }

  /** The message id a sender's connection chose for this stanza and keeps for its copies, or "". */
  private static String messageId(Receipt receipt) {
    return receipt == null || receipt.id() == null ? "" : receipt.id().toString();
  }

  private Effect<Event, RemoteQueue> onPersistPending(RemoteQueue state, PersistPending p) {
    persistScheduled = false;
    if (pending.isEmpty()) {
      return Effect().none();
    }
    List<XmlElement> batch = List.copyOf(pending);
    List<String> ids = List.copyOf(pendingIds);
    List<Receipt> receipts = List.copyOf(pendingReceipts);
    pending.clear();
    pendingIds.clear();
    pendingReceipts.clear();
    long first = state.nextSeq();
    return Effect().persist(new StanzasQueued(batch, deps.clock().millis(), ids)).thenRun(after -> {
      receipts.forEach(r -> r.ack());
      if (link != null) {
        for (RemoteQueue.Queued q : after.after(first - 1)) {
          link.send(q.seq(), q.stanza());
        }
        lastTraffic = now();
      } else if (!connecting && !timers.isTimerActive(Reconnect.INSTANCE)) {
        connect();
      }
    });
  }

  // ---------------------------------------------------------------------------------- stream

  private void connect() {
    connecting = true;
    int a = ++attempt;
    ActorRef<Command> self = ctx.getSelf();
    deps.links().open(key, new OutboundLinks.Listener() {
      @Override
      public void up(OutboundLinks.Link l) {
        self.tell(new LinkUp(a, l));
      }

      @Override
      public void written(long seq) {
        self.tell(new Written(a, seq));
      }

      @Override
      public void down(String reason, boolean unreachable) {
        self.tell(new LinkDown(a, reason, unreachable));
      }
    });
  }

  private Effect<Event, RemoteQueue> onLinkUp(RemoteQueue state, LinkUp up) {
    if (up.attempt() != attempt) {
      up.link().close();
      return Effect().none();
    }
    connecting = false;
    failures = 0;
    link = up.link();
    timers.cancel(Idle.INSTANCE);
    List<RemoteQueue.Queued> toSend = state.after(writtenUpTo);
    log.debug("{}: stream up, sending {} queued stanzas", key, toSend.size());
    for (RemoteQueue.Queued q : toSend) {
      link.send(q.seq(), q.stanza());
    }
    lastTraffic = now();
    pingSentAt = -1;
    for (String id : pingsToSend) {
      link.ping(S2sPing.request(key.local().toString(), key.remote().toString(), id));
    }
    pingsToSend.clear();
    timers.startTimerWithFixedDelay(PingTick.INSTANCE, deps.ping().tick());
    return Effect().none();
  }

  // ------------------------------------------------------------------------- XEP-0199 pings

  private Effect<Event, RemoteQueue> onPingTick(RemoteQueue state, PingTick t) {
    if (link == null) {
      timers.cancel(PingTick.INSTANCE);
      return Effect().none();
    }
    switch (deps.ping().decide(now(), lastTraffic, pingSentAt)) {
      case PING -> {
        pingId = S2sPing.OUTGOING + Long.toString(++pings, 36) + "-" + attempt;
        pingSentAt = now();
        link.ping(S2sPing.request(key.local().toString(), key.remote().toString(), pingId));
      }
      case DEAD -> {
        log.info("{}: no answer to a ping within {} ms; the stream is dead", key, deps.ping().timeout().toMillis());
        closeLink();
        timers.cancel(PingTick.INSTANCE);
        ctx.getSelf().tell(new LinkDown(attempt, "ping timeout", false));
      }
      case NONE -> { }
    }
    return Effect().none();
  }

  private Effect<Event, RemoteQueue> onPingAnswered(RemoteQueue state, PingAnswered a) {
    if (pingId != null && pingId.equals(a.id())) {
      pingSentAt = -1;
      pingId = null;
      lastTraffic = now();
    }
    return Effect().none();
  }

  private Effect<Event, RemoteQueue> onSendPing(RemoteQueue state, SendPing p) {
    if (link != null) {
      link.ping(S2sPing.request(key.local().toString(), key.remote().toString(), p.id()));
      return Effect().none();
    }
    if (pingsToSend.size() < 4) {
      pingsToSend.add(p.id());
    }
    timers.cancel(Idle.INSTANCE);
    if (!connecting && !timers.isTimerActive(Reconnect.INSTANCE)) {
      connect();
    }
    return Effect().none();
  }

  private long now() {
    return deps.clock().millis() * 1_000_000L;
  }

  private Effect<Event, RemoteQueue> onLinkDown(RemoteQueue state, LinkDown down) {
    if (down.attempt() != attempt) {
      return Effect().none();
    }
    boolean wasUp = link != null;
    link = null;
    connecting = false;
    pingsToSend.clear();
    timers.cancel(PingTick.INSTANCE);
    // Whatever was written before the stream failed stays written; the rest goes again.
    Effect<Event, RemoteQueue> flush = flushEffect(state);
    if (state.after(writtenUpTo).isEmpty() && pending.isEmpty()) {
      log.debug("{}: stream closed ({})", key, down.reason());
      armIdle();
      return flush;
    }
    if (down.unreachable()) {
      log.info("{}: unreachable ({}), answering {} stanzas with remote-server-not-found", key, down.reason(),
          state.after(writtenUpTo).size());
      long upTo = state.lastSeq();
      List<RemoteQueue.Queued> dropped = state.after(writtenUpTo);
      return Effect().persist(List.of(new StanzasSent(writtenUpTo),
              new StanzasBounced(upTo, StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND.elementName())))
          .thenRun(after -> {
            dropped.forEach(q -> bounce(q.stanza(), StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND));
            writtenUpTo = Math.max(writtenUpTo, upTo);
            armIdle();
          });
    }
    failures++;
    java.time.Duration delay = settings.backoff(failures);
    log.info("{}: stream {} ({}); reconnecting in {} ms", key, wasUp ? "lost" : "failed", down.reason(),
        delay.toMillis());
    timers.startSingleTimer(Reconnect.INSTANCE, delay);
    return flush;
  }

  private Effect<Event, RemoteQueue> onFlush(RemoteQueue state, Flush f) {
    Effect<Event, RemoteQueue> e = flushEffect(state);
    return e;
  }

  private Effect<Event, RemoteQueue> flushEffect(RemoteQueue state) {
    if (!state.isEmpty() && writtenUpTo >= state.items().get(0).seq()) {
      return Effect().persist(new StanzasSent(writtenUpTo)).thenRun(after -> {
        if (after.isEmpty() && link == null && !connecting) {
          armIdle();
        }
      });
    }
    return Effect().none();
  }

  /** Every second: stanzas that waited too long for a stream are answered remote-server-timeout. */
  private Effect<Event, RemoteQueue> onExpire(RemoteQueue state, Expire e) {
    if (link != null) {
      return Effect().none();
    }
    long upTo = state.expiredUpTo(deps.clock().millis(), settings.timeout().toMillis());
    if (upTo <= writtenUpTo) {
      return Effect().none();
    }
    List<RemoteQueue.Queued> expired = state.upTo(upTo).stream().filter(q -> q.seq() > writtenUpTo).toList();
    log.info("{}: {} stanzas waited {} s without a stream: remote-server-timeout", key, expired.size(),
        settings.timeout().toSeconds());
    long written = writtenUpTo;
    return Effect().persist(List.of(new StanzasSent(written),
            new StanzasBounced(upTo, StanzaErrorCondition.REMOTE_SERVER_TIMEOUT.elementName())))
        .thenRun(after -> {
          expired.forEach(q -> bounce(q.stanza(), StanzaErrorCondition.REMOTE_SERVER_TIMEOUT));
          writtenUpTo = Math.max(writtenUpTo, upTo);
          if (after.isEmpty() && pending.isEmpty()) {
            timers.cancel(Reconnect.INSTANCE);
            armIdle();
          }
        });
  }

  private Effect<Event, RemoteQueue> onIdle(RemoteQueue state, Idle i) {
    if (state.isEmpty() && pending.isEmpty() && link == null && !connecting) {
      log.debug("{}: idle, passivating", key);
      shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
    }
    return Effect().none();
  }

  private void armIdle() {
    timers.startSingleTimer(Idle.INSTANCE, settings.idlePassivation());
  }

  private void closeLink() {
    if (link != null) {
      link.close();
      link = null;
    }
  }

  private void bounce(XmlElement stanza, StanzaErrorCondition condition) {
    if (stanza.attr("from") != null) {
      Stanzas.errorReply(stanza, condition).ifPresent(deps.routing()::route);
    }
  }
}
