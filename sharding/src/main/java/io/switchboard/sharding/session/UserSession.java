package io.switchboard.sharding.session;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.EntityLifecycle;
import io.switchboard.sharding.quota.AccountQuotas;
import io.switchboard.sharding.offline.OfflineInbox;
import io.switchboard.sharding.pep.PepInterest;
import io.switchboard.sharding.presence.PresenceBroadcast;
import io.switchboard.sharding.roster.RosterPushes;
import io.switchboard.sharding.roster.Subscriptions;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.sm.SmTicket;
import io.switchboard.sharding.session.sm.StreamManagement;
import io.switchboard.sharding.trace.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XMPP account, sharded by its normalised bare JID ({@code entityId = bareJid.toString()}):
 * the composition root of the account's parts. It owns the event-sourced state ({@link Account},
 * one slice per part), dispatches each command to the part it belongs to, and turns the part's
 * {@link Outcome} into Pekko's effect. What the parts share (identity, bound resources, the receipt
 * in hand, timers and messages) is wired in {@link EntityContext}. The parts:
 *
 * <ul>
 *   <li>{@link AccountCheck}: does the account exist, which incarnation is this state;
 *   <li>{@link Binding}: bind, re-attach, unbind, passivation;
 *   <li>{@link StreamManagement}: XEP-0198 tickets, parking and resumption;
 *   <li>{@link StanzaDispatch}: where a stanza goes inside the account (RFC 6121 §8.5), through
 *       {@link PresenceBroadcast}, {@link Subscriptions}, the delivery pipeline and the IQ handlers
 *       of the registered {@link io.switchboard.sharding.module.Module}s;
 *   <li>{@link OfflineInbox} (XEP-0160), {@link PepInterest} (XEP-0163), {@link RosterPushes}.
 * </ul>
 *
 * <p>Two flows enter: {@link FromClient} (a stanza the user's own client sent, from already
 * stamped) and {@link Inbound} (a stanza addressed to this user, from anyone). Every resource's
 * {@link ResourceRecord} is sent to its connection when it changes, so a connection re-attaching
 * to a restarted incarnation restores the resource whole.
 */
public final class UserSession
    extends EventSourcedBehaviorWithEnforcedReplies<UserSession.Command, UserSession.Event, Account> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "UserSession");

  private static final Logger log = LoggerFactory.getLogger(UserSession.class);
  private static final PresenceBroadcast PRESENCE = new PresenceBroadcast();
  private static final Subscriptions SUBSCRIPTIONS = new Subscriptions();
  private static final StanzaDispatch DISPATCH = new StanzaDispatch();

  // ---------------------------------------------------------------------------------------------
  // Protocol. Commands of the parts live with their parts; these are the entity's public ones.

  /** What the entity accepts. Open: each part adds the internal commands it sends itself. */
  public interface Command extends CborSerializable {}

  /** What the entity persists. Open: each part's events are a sealed type of its own package. */
  public interface Event extends CborSerializable {}

  /**
   * Bind {@code resource} to {@code connection} (RFC 6120 §7). If another connection holds the
   * resource, it gets {@link ConnectionMessage.Replaced} and the new one wins. Idempotent for the
   * same connection. {@code accountCreatedAt}, when the login read it with the credentials, stands
   * in for the entity's own account check (see {@link AccountCheck}).
   */
  public record Bind(
      String resource, ActorRef<ConnectionMessage> connection, ActorRef<BindResult> replyTo,
      Instant accountCreatedAt) implements Command {
    /** A bind whose login did not read the account's creation time: the entity reads it. */
    public Bind(String resource, ActorRef<ConnectionMessage> connection, ActorRef<BindResult> replyTo) {
      this(resource, connection, replyTo, null);
    }
  }

  /**
   * Re-attaches a connection whose entity restarted (after {@link ConnectionMessage.Rebind}, or
   * sent periodically as a heartbeat so a connection notices an entity lost in a node crash). It
   * restores the resource silently from {@code record} (the last {@link ResourceRecord} the
   * connection was sent): no presence is broadcast and nothing is fetched, contacts never saw the
   * resource leave. A no-op answered {@code Bound} when the entity already has this connection;
   * {@code Refused conflict} when another connection holds the resource (it is newer).
   */
  public record Reattach(
      String resource,
      ActorRef<ConnectionMessage> connection,
      ResourceRecord record,
      SmTicket ticket,
      ActorRef<BindResult> replyTo)
      implements Command {
    /** A connection that knows only its last presence and whether it asked for the roster. */
    public Reattach(String resource, ActorRef<ConnectionMessage> connection, XmlElement presence,
        boolean interested, ActorRef<BindResult> replyTo) {
      this(resource, connection, new ResourceRecord(presence, interested, false, java.util.Set.of()), null, replyTo);
    }
  }

  /**
   * XEP-0198 with resumption is on for {@code resource}'s stream: the entity keeps {@code ticket}
   * (in memory; a connection re-attaching to a new incarnation states it again).
   */
  public record StreamManagementEnabled(String resource, ActorRef<ConnectionMessage> connection, SmTicket ticket)
      implements Command {}

  /**
   * The resumable stream of {@code resource} dropped: the entity journals the session with what
   * the client had not acknowledged ({@code unacked}, written after the client's count
   * {@code ackedBase}), acknowledges their {@code receipts} (one per stanza, null where none) and
   * answers {@link ConnectionMessage.ParkAccepted}.
   */
  public record Park(
      String resource, ActorRef<ConnectionMessage> connection, long ackedBase, List<XmlElement> unacked,
      List<Receipt> receipts) implements Command {}

  /**
   * XEP-0198 §5: {@code connection} resumes the parked session of {@code resource}, presenting
   * {@code token} (the previd) and {@code clientH} (what the client received); its own dropped
   * stream may later be resumed for {@code resumeMillis}.
   */
  public record Resume(
      String resource, String token, long clientH, long resumeMillis, ActorRef<ConnectionMessage> connection,
      ActorRef<ResumeResult> replyTo) implements Command {}

  /** The connection of {@code resource} closed; ignored unless {@code connection} still owns it. */
  public record Unbind(String resource, ActorRef<ConnectionMessage> connection) implements Command {}

  /**
   * A stanza the user's client sent on {@code resource}; {@code from} is already the full JID.
   * {@code receipt} (null for none) is acknowledged once the stanza was handled, for a message
   * only once it reached the recipient's connection or offline storage (see {@link Receipt}). A
   * stanza with a receipt from a connection this incarnation does not know (it restarted) makes
   * the connection re-attach; a message to someone else is still routed, anything else waits for
   * the connection's re-send.
   */
  public record FromClient(String resource, XmlElement stanza, Receipt receipt) implements Command {
    public FromClient(String resource, XmlElement stanza) {
      this(resource, stanza, null);
    }
  }

  /** A stanza addressed to this user's bare or full JID, from anyone; {@code receipt} as in {@link FromClient}. */
  public record Inbound(XmlElement stanza, Receipt receipt) implements Command {
    public Inbound(XmlElement stanza) {
      this(stanza, null);
    }
  }

  /**
   * The account was deleted (XEP-0077 in-band removal): close every bound connection with
   * {@code not-authorized}, cancel the roster's subscriptions, forget the persisted state, delete
   * the offline messages and passivate.
   */
  public enum AccountDeleted implements Command {
    INSTANCE
  }

  /** XEP-0163 §4.3.1: the full JIDs that get a notification of PEP node {@code node}. */
  public record NotifyTargets(String node, ActorRef<NotifyTargetsReply> replyTo) implements Command {}

  /** The answer to {@link NotifyTargets}. */
  public record NotifyTargetsReply(List<String> fullJids) implements CborSerializable {}

  /**
   * Whether {@code resource} is still there (bound, or parked for XEP-0198 resumption) and has sent
   * directed presence to an address at {@code bareJid} that it has not ended (RFC 6121 §4.6): how
   * a service that gets directed presence (a MUC room) learns whether a session it counts as
   * present still is, when a leave may have been lost with a node. A restarted entity answers
   * once its connections have re-attached (or the grace period ended).
   */
  public record DirectedPresenceQuery(String resource, String bareJid, ActorRef<DirectedPresenceAnswer> replyTo)
      implements Command {}

  /** The answer to {@link DirectedPresenceQuery}. */
  public record DirectedPresenceAnswer(boolean present) implements CborSerializable {}

  /**
   * Operations (XEP-0133 end-user-session): close the session of {@code resource}, or every
   * session of the account when it is null, with the stream error {@code condition}; the number
   * closed goes to {@code replyTo} (may be null).
   */
  public record CloseSessions(String resource, String condition, ActorRef<Integer> replyTo) implements Command {}

  /** Tests and operations: the persisted state and the bound resources. */
  public record GetState(ActorRef<SessionState> replyTo) implements Command {}

  /** The answer to {@link GetState}. */
  public record SessionState(Account account, List<ResourceView> resources) implements CborSerializable {}

  /** One bound resource as {@link GetState} shows it. */
  public record ResourceView(
      String resource, boolean available, int priority, boolean interested, XmlElement presence) {}

  /**
   * Passivate if no resource is bound. The entity's own timer sends it {@code passivate-after}
   * after the last resource left; a stopping node sends it to its entities first
   * ({@link IdlePassivation}).
   */
  public enum Idle implements Command {
    INSTANCE
  }

  /** A receipt this entity handed out came back (an offline copy taken, a roster removal handled). */
  record ReceiptReturned(ConnectionMessage message) implements Command {}

  private enum Stop implements Command {
    INSTANCE
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  /** Registers the entity type with sharding. */
  public static void init(ActorSystem<?> system, int numberOfShards, UserSessionSettings settings, SessionDependencies deps) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(Jids.bareSharingDomain(ctx.getEntityId()), ctx.getShard(), settings, deps))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards))
            // The entity decides when it is idle (no resource bound), not sharding's idle timer.
            // Remembered: after a node crash, every entity that had resources restarts on a
            // survivor at once, to take re-attaching connections or announce the rest gone.
            .withSettings(ClusterShardingSettings.create(system)
                .withNoPassivationStrategy()
                .withRememberEntities(settings.rememberEntities()))
            .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(
      EntityBareJid user, ActorRef<ClusterSharding.ShardCommand> shard, UserSessionSettings settings,
      SessionDependencies deps) {
    return Behaviors.setup(ctx -> new UserSession(ctx, user, shard, settings, deps));
  }

  private final EntityContext entity;
  private final EntityLifecycle.Recovery recovery;

  private UserSession(
      ActorContext<Command> ctx, EntityBareJid user, ActorRef<ClusterSharding.ShardCommand> shard,
      UserSessionSettings settings, SessionDependencies deps) {
    super(PersistenceId.of(TYPE_KEY.name(), user.toString()));
    this.recovery = deps.lifecycle().recovering();
    this.entity = new EntityContext(ctx, user, shard, settings, deps, PRESENCE,
        deps.quotas() == AccountQuotas.DEFAULTS ? SUBSCRIPTIONS : new Subscriptions(deps.quotas().rosterItems()));
  }

  @Override
  public Account emptyState() {
    return Account.EMPTY;
  }

  @Override
  public String journalPluginId() {
    return entity.settings().journalPluginId();
  }

  @Override
  public String snapshotPluginId() {
    return entity.settings().snapshotPluginId();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(entity.settings().snapshotEvery(), entity.settings().keepSnapshots());
  }

  @Override
  public SignalHandler<Account> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          recovery.completed();
          entity.streamManagement().afterRecovery(state);
          entity.binding().updateIdleTimer();
          entity.check().afterRecovery(state);
        })
        .onSignal(RecoveryFailed.class, (state, failed) -> recovery.failed())
        .build();
  }

  @Override
  public EventHandler<Account, Event> eventHandler() {
    return Account::apply; // a shared lambda: no builder per entity (see commandHandler)
  }

  /**
   * One method that dispatches, as a plain lambda rather than through Pekko's handler builder:
   * the handler is built for every entity instance, and a builder case per command cost about
   * 2.5 KB per entity (a heap histogram of idle sessions).
   */
  @Override
  public CommandHandlerWithReply<Command, Event, Account> commandHandler() {
    return this::handle;
  }

  /** The order of the tests matters: the account check and the stash come first. */
  private ReplyEffect<Event, Account> handle(Account state, Command cmd) {
    if (cmd instanceof AccountCheck.AccountChecked c) {
      return effect(state, entity.check().onChecked(state, c));
    }
    if (entity.check().phase() == AccountCheck.Phase.CHECKING) {
      return effect(state, entity.check().stashWhileChecking(cmd));
    }
    if (entity.binding().awaitingReattach()
        && (cmd instanceof Inbound || cmd instanceof FromClient || cmd instanceof DirectedPresenceQuery)) {
      return Effect().stash();
    }
    if (cmd instanceof Bind c) {
      return effect(state, entity.check().onBind(state, c));
    }
    if (cmd == AccountDeleted.INSTANCE) {
      return effect(state, entity.check().onDeleted(state));
    }
    if (entity.check().phase() == AccountCheck.Phase.ABSENT) {
      return withoutAccount(state, cmd);
    }
    if (cmd instanceof FromClient c) {
      return withReceipt(c.receipt(), c.stanza(), () -> fromKnownConnection(c)
          ? fromClient(state, c)
          : fromUnknownConnection(state, c));
    }
    if (cmd instanceof Inbound c) {
      return withReceipt(c.receipt(), c.stanza(), () -> effect(state, DISPATCH.toUser(entity, state, c.stanza())));
    }
    return effect(state, internal(state, cmd));
  }

  /** Every other command, to the part it belongs to. */
  private Outcome internal(Account state, Command cmd) {
    if (cmd instanceof OfflineInbox.Internal c) {
      entity.inbox().onInternal(c);
    } else if (cmd instanceof Reattach c) {
      return entity.binding().onReattach(state, c);
    } else if (cmd instanceof Unbind c) {
      return entity.binding().onUnbind(state, c);
    } else if (cmd instanceof Binding.ConnectionTerminated c) {
      return entity.binding().onConnectionTerminated(state, c);
    } else if (cmd instanceof Binding.ReattachGraceOver c) {
      return entity.binding().onReattachGraceOver(state, c);
    } else if (cmd instanceof StreamManagementEnabled c) {
      return entity.streamManagement().onEnabled(c);
    } else if (cmd instanceof Park c) {
      return entity.streamManagement().onPark(state, c);
    } else if (cmd instanceof Resume c) {
      return entity.streamManagement().onResume(state, c);
    } else if (cmd instanceof StreamManagement.ParkExpired c) {
      return entity.streamManagement().onExpired(state, c);
    } else if (cmd instanceof NotifyTargets c) {
      return Outcome.none().reply(c.replyTo(), new NotifyTargetsReply(entity.pep().notifyTargets(state, c.node())));
    } else if (cmd instanceof PepInterest.CapsLookedUp c) {
      return entity.pep().onCapsLookedUp(c);
    } else if (cmd instanceof DirectedPresenceQuery c) {
      return Outcome.none().reply(c.replyTo(),
          new DirectedPresenceAnswer(PRESENCE.hasDirected(entity, state, c.resource(), c.bareJid())));
    } else if (cmd instanceof GetState c) {
      return Outcome.none().reply(c.replyTo(), sessionState(state));
    } else if (cmd instanceof CloseSessions c) {
      return entity.binding().onCloseSessions(state, c);
    } else if (cmd instanceof ReceiptReturned c) {
      onReceiptReturned(c);
    } else if (cmd instanceof RosterPushes.AnswerDue c) {
      entity.rosterPushes().onAnswerDue(c);
    } else if (cmd instanceof ModuleCommand c) {
      return c.run(entity, state);
    } else if (cmd == Idle.INSTANCE) {
      return entity.binding().onIdle();
    } else if (cmd == Stop.INSTANCE) {
      return onStop();
    } else {
      log.warn("{}: unhandled command {}", entity.bare(), cmd.getClass().getName());
    }
    return Outcome.none();
  }

  /** Turns a part's decision into Pekko's effect (see {@link Outcome}). */
  private ReplyEffect<Event, Account> effect(Account state, Outcome outcome) {
    if (outcome.stops()) {
      return Effect().stop().thenNoReply();
    }
    if (outcome.stashes()) {
      return Effect().stash();
    }
    EffectBuilder<Event, Account> builder;
    if (outcome.events().isEmpty()) {
      if (outcome.action() != null) {
        outcome.action().accept(state);
      }
      builder = Effect().none();
    } else {
      builder = Effect().persist(outcome.events());
      if (outcome.action() != null) {
        builder = builder.thenRun(outcome.action()::accept);
      }
    }
    Outcome.Reply<?> reply = outcome.replyToSend();
    ReplyEffect<Event, Account> effect = reply == null ? builder.thenNoReply() : reply.after(builder);
    return outcome.unstashes() ? effect.thenUnstashAll() : effect;
  }

  // ---------------------------------------------------------------------------------------------
  // Stanzas, receipts, the resource record

  /**
   * Runs a handler with the command's receipt at hand ({@link SessionContext#takeReceipt}); whatever the handler
   * did not pass on is acknowledged when it returns. A stanza that trips a bug does not stop the
   * entity (its bound resources would be lost): it is logged and dropped.
   */
  private ReplyEffect<Event, Account> withReceipt(
      Receipt r, XmlElement stanza, Supplier<ReplyEffect<Event, Account>> handler) {
    entity.holdReceipt(r);
    try {
      return handler.get();
    } catch (RuntimeException e) {
      Trace.logged(Trace.of(r), null, () -> log.warn("{}: dropping <{}/> id={} after an internal error", entity.bare(),
          stanza.name(), stanza.attr("id"), e));
      return Effect().noReply();
    } finally {
      Receipt.ack(entity.takeReceipt());
    }
  }

  /** The user's own stanza; the resource's record goes to its connection if it changed. */
  private ReplyEffect<Event, Account> fromClient(Account state, FromClient cmd) {
    entity.streamManagement().counted(cmd);
    Resource before = entity.resources().get(cmd.resource());
    ResourceRecord recorded = before == null ? null : before.record();
    ReplyEffect<Event, Account> effect = effect(state, DISPATCH.fromClient(entity, state, cmd.resource(), cmd.stanza()));
    Resource after = entity.resources().get(cmd.resource());
    if (after != null && recorded != null && !after.record().equals(recorded)
        && after.connection().equals(before.connection())) {
      // Before the stanza's receipt is acknowledged (withReceipt), so a connection whose stanza
      // was handled always holds the record that stanza made.
      after.connection().tell(new ConnectionMessage.ResourceRecorded(after.record()));
    }
    return effect;
  }

  /** True unless the stanza carries a receipt from a connection not bound here. */
  private boolean fromKnownConnection(FromClient cmd) {
    if (cmd.receipt() == null) {
      return true;
    }
    Resource r = entity.resources().get(cmd.resource());
    return r != null && r.connection().equals(cmd.receipt().origin());
  }

  /**
   * This incarnation does not know the sending connection (it restarted): the connection is told
   * to re-attach. A message to someone else goes on (its from was stamped by the node); anything
   * else is dropped unacknowledged, so the connection sends it again after re-attaching.
   */
  private ReplyEffect<Event, Account> fromUnknownConnection(Account state, FromClient cmd) {
    cmd.receipt().origin().tell(ConnectionMessage.Rebind.INSTANCE);
    XmlElement stanza = cmd.stanza();
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (stanza.name().equals("message") && to != null && !to.asBareJid().toString().equals(entity.bare())
        && !state.isBlocked(to)) {
      XmlElement out = entity.modules().pipeline().send(entity, state, cmd.resource(), stanza);
      if (out != null) {
        entity.routing().route(out, entity.takeReceipt());
      }
    } else {
      entity.takeReceipt();
    }
    return Effect().noReply();
  }

  /**
   * No such account. RFC 6121 §8.5.1 for stanzas; logins and resumptions are refused; the entity
   * neither persists nor stores anything.
   */
  private ReplyEffect<Event, Account> withoutAccount(Account state, Command cmd) {
    if (cmd instanceof FromClient fc) {
      Receipt.ack(fc.receipt()); // the account is gone; its connection is being closed
      return Effect().noReply();
    }
    if (cmd instanceof Inbound in) {
      return withReceipt(in.receipt(), in.stanza(), () -> {
        entity.check().noSuchUser(in.stanza());
        return Effect().noReply();
      });
    } else if (cmd instanceof Reattach r) {
      return Effect().reply(r.replyTo(), new BindResult.Refused("not-authorized"));
    } else if (cmd instanceof Resume r) {
      return Effect().reply(r.replyTo(), ResumeResult.Failed.INSTANCE);
    } else if (cmd instanceof NotifyTargets n) {
      return Effect().reply(n.replyTo(), AccountCheck.nobody());
    } else if (cmd instanceof DirectedPresenceQuery q) {
      return Effect().reply(q.replyTo(), new DirectedPresenceAnswer(false));
    } else if (cmd instanceof Park p) {
      p.receipts().forEach(x -> Receipt.ack(x));
      p.connection().tell(ConnectionMessage.Released.INSTANCE);
    } else if (cmd instanceof GetState || cmd == Idle.INSTANCE || cmd == Stop.INSTANCE) {
      return effect(state, internal(state, cmd));
    } else if (cmd instanceof CloseSessions c && c.replyTo() != null) {
      return Effect().reply(c.replyTo(), 0);
    }
    log.debug("{}: no such account, ignoring {}", entity.bare(), cmd.getClass().getSimpleName());
    return Effect().noReply();
  }

  private void onReceiptReturned(ReceiptReturned cmd) {
    if (cmd.message() instanceof ConnectionMessage.Accepted a && !entity.rosterPushes().acknowledged(a.seq())) {
      entity.inbox().acknowledged(a.seq());
    }
  }

  /**
   * Sharding stops the entity to passivate it (no resources then) or to hand its shard off to
   * another node: roster removal results go out, and bound connections are told to re-attach.
   */
  private Outcome onStop() {
    RosterPushes pushes = entity.rosterPushesIfAny();
    if (pushes != null) {
      pushes.releaseAll();
    }
    entity.binding().tellConnectionsToRebind();
    return Outcome.stop();
  }

  /** Tests in this package: the message sharding sends to stop the entity. */
  static Command stopMessage() {
    return Stop.INSTANCE;
  }

  private SessionState sessionState(Account state) {
    List<ResourceView> views = new ArrayList<>();
    for (Resource r : entity.resources().all()) {
      views.add(new ResourceView(r.name(), r.available(), r.priority(), r.interested(), r.presence()));
    }
    return new SessionState(state, List.copyOf(views));
  }
}
