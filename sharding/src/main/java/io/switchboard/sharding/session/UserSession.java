package io.switchboard.sharding.session;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.util.EmptyUntilUsed;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.account.AccountDirectory;
import io.switchboard.sharding.caps.CapsDirectory;
import io.switchboard.sharding.caps.CapsRef;
import io.switchboard.sharding.caps.CapsVerification;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.offline.StoredMessage;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.stanza.Stanzas;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
import org.apache.pekko.japi.function.Procedure;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XMPP account, sharded by its normalised bare JID ({@code entityId = bareJid.toString()}).
 *
 * <p>Event sourced: roster items and subscription states, pending inbound subscription requests,
 * the blocklist, the vCard and private XML ({@link Account}). In memory only: the bound resources
 * with their connection refs and presence ({@link OnlineResources}); a connection's termination is
 * watched and counts as unavailable presence. With no resource bound, the entity passivates after
 * {@link UserSessionSettings#passivateAfter()}.
 *
 * <p>Two flows enter: {@link FromClient} (a stanza the user's own client sent, from already
 * stamped) and {@link Inbound} (a stanza addressed to this user, from anyone). The routing rules
 * are RFC 6121 §8.5 (local user); presence and subscriptions are RFC 6121 §3, §4 and Appendix A;
 * roster RFC 6121 §2; blocking XEP-0191; vcard-temp XEP-0054; private storage XEP-0049; offline
 * messages XEP-0160 with XEP-0203 delay.
 *
 * <p>The account itself: after recovery, and again when a new login binds, the entity asks the
 * {@link AccountDirectory} whether the account exists and since when, stashing every command until
 * the answer comes. With no account, stanzas get the RFC 6121 §8.5.1 answers, nothing is stored or
 * persisted, logins are refused and the entity passivates soon. An account created again under the
 * same name (its creation time differs from the incarnation in the state) starts from an empty
 * state ({@link AccountIncarnationStarted}), and {@link AccountDeleted} ends an account at once.
 */
public final class UserSession
    extends EventSourcedBehaviorWithEnforcedReplies<UserSession.Command, UserSession.Event, Account> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "UserSession");

  private static final Logger log = LoggerFactory.getLogger(UserSession.class);

  // ---------------------------------------------------------------------------------------------
  // Protocol

  public sealed interface Command extends CborSerializable {}

  /**
   * Bind {@code resource} to {@code connection} (RFC 6120 §7). If another connection holds the
   * resource, it gets {@link ConnectionMessage.Replaced} and the new one wins. Idempotent for the
   * same connection, so a connection may re-send it to re-attach after its entity moved.
   * {@code accountCreatedAt}, when the login read it with the credentials, stands in for the
   * entity's own account check (see {@link #onBindAfterCheck}).
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
   * restores the resource silently: {@code presence} is the last available presence the client
   * broadcast (null if none or unavailable), {@code interested} whether it requested the roster.
   * No presence is broadcast and nothing is fetched: contacts never saw the resource leave. A
   * no-op answered {@code Bound} when the entity already has this connection; {@code Refused
   * conflict} when another connection holds the resource (it is newer).
   */
  public record Reattach(
      String resource,
      ActorRef<ConnectionMessage> connection,
      XmlElement presence,
      boolean interested,
      SmTicket ticket,
      ActorRef<BindResult> replyTo)
      implements Command {
    public Reattach(String resource, ActorRef<ConnectionMessage> connection, XmlElement presence,
        boolean interested, ActorRef<BindResult> replyTo) {
      this(resource, connection, presence, interested, null, replyTo);
    }
  }

  /**
   * XEP-0198 with resumption is on for {@code resource}'s stream: the entity keeps {@code ticket}
   * (in memory; a connection re-attaching to a new incarnation states it again), so the session can
   * be parked and resumed on any node, even when the node of its stream dies.
   */
  public record StreamManagementEnabled(
      String resource, ActorRef<ConnectionMessage> connection, SmTicket ticket)
      implements Command {}

  /**
   * The resumable stream of {@code resource} dropped: the entity journals the session
   * ({@link ParkedResource}) with what the client had not acknowledged ({@code unacked}, written
   * after the client's count {@code ackedBase}), acknowledges their {@code receipts} (one per
   * stanza, null where none) and answers {@link ConnectionMessage.ParkAccepted}.
   */
  public record Park(
      String resource,
      ActorRef<ConnectionMessage> connection,
      long ackedBase,
      List<XmlElement> unacked,
      List<Receipt> receipts)
      implements Command {}

  /**
   * XEP-0198 §5: {@code connection} resumes the parked session of {@code resource}, presenting
   * {@code token} (the previd) and {@code clientH} (what the client received); its own dropped
   * stream may later be resumed for {@code resumeMillis}.
   */
  public record Resume(
      String resource,
      String token,
      long clientH,
      long resumeMillis,
      ActorRef<ConnectionMessage> connection,
      ActorRef<ResumeResult> replyTo)
      implements Command {}

  /** The connection of {@code resource} closed; ignored unless {@code connection} still owns it. */
  public record Unbind(String resource, ActorRef<ConnectionMessage> connection)
      implements Command {}

  /**
   * A stanza the user's client sent on {@code resource}; {@code from} is already the full JID.
   * {@code receipt} (null for none) is acknowledged once the stanza was handled, for a message
   * only once it reached the recipient's connection or offline storage (see {@link Receipt}).
   * A stanza with a receipt from a connection this incarnation does not know (it restarted after
   * a crash or hand-off) makes the connection re-attach ({@link ConnectionMessage.Rebind});
   * a message to someone else is still routed, anything else waits for the connection's re-send.
   */
  public record FromClient(String resource, XmlElement stanza, Receipt receipt) implements Command {
    public FromClient(String resource, XmlElement stanza) {
      this(resource, stanza, null);
    }
  }

  /**
   * A stanza addressed to this user's bare or full JID, from anyone; {@code receipt} as in
   * {@link FromClient} (null for none).
   */
  public record Inbound(XmlElement stanza, Receipt receipt) implements Command {
    public Inbound(XmlElement stanza) {
      this(stanza, null);
    }
  }

  /**
   * The account was deleted (XEP-0077 in-band removal; sent by the node through the Router): close
   * every bound connection with {@code not-authorized}, cancel the roster's subscriptions, forget
   * the persisted state, delete the offline messages and passivate.
   */
  public enum AccountDeleted implements Command {
    INSTANCE
  }

  /**
   * XEP-0163 §4.3.1: the full JIDs that get a notification of PEP node {@code node}: the
   * account's own available resources and its contacts with a presence subscription (from or
   * both) whose entity capabilities include {@code <node>+notify}.
   */
  public record NotifyTargets(String node, ActorRef<NotifyTargetsReply> replyTo) implements Command {}

  /** The answer to {@link NotifyTargets}. */
  public record NotifyTargetsReply(List<String> fullJids) implements CborSerializable {}

  /** Tests and operations: the persisted state and the bound resources. */
  public record GetState(ActorRef<SessionState> replyTo) implements Command {}

  /** The answer to {@link GetState}. */
  public record SessionState(Account account, List<ResourceView> resources)
      implements CborSerializable {}

  /** One bound resource as {@link GetState} shows it. */
  public record ResourceView(
      String resource, boolean available, int priority, boolean interested, XmlElement presence) {}

  private record ConnectionTerminated(String resource, ActorRef<ConnectionMessage> connection)
      implements Command {}

  private record OfflineFetched(String resource, List<StoredMessage> messages, Throwable failure)
      implements Command {}

  /** Another offline fetch, after the one that just completed (see {@link #fetchOffline}). */
  private record OfflineRefetch(String resource) implements Command {}

  /**
   * A receipt this entity handed out came back ({@link ConnectionMessage.Accepted}): a connection
   * took an offline copy, or a contact's entity handled a roster removal's stanzas
   * ({@link RosterAnswers}).
   */
  private record ReceiptReturned(ConnectionMessage message) implements Command {}

  /** A roster removal's result stops waiting for the contact's receipt ({@link RosterAnswers}). */
  private record RosterAnswerDue(long seq) implements Command {}

  private record OfflineDeleted(List<UUID> ids, Throwable failure) implements Command {}

  private record OfflineStored(
      XmlElement stanza, Receipt receipt, Boolean accepted, Throwable failure)
      implements Command {}

  /** The {@link AccountDirectory}'s answer: {@code createdAt} null when there is no account. */
  private record AccountChecked(Instant createdAt, Throwable failure) implements Command {}

  /**
   * Passivate if no resource is bound. The entity's own timer sends it {@code passivate-after}
   * after the last resource left; a stopping node sends it to its entities first
   * ({@link IdlePassivation}), so that sessions nobody uses are forgotten by remember-entities
   * instead of being recovered at the next start.
   */
  public enum Idle implements Command {
    INSTANCE
  }

  /**
   * Resources recorded online that have not re-attached are gone: those on nodes that left the
   * cluster ({@code departedOnly}, right after recovery), or all (the grace period is over).
   */
  private record ReattachGraceOver(boolean departedOnly) implements Command {}

  private enum Stop implements Command {
    INSTANCE
  }

  /** A caps lookup in the {@link CapsDirectory} completed ({@code features} null: unknown). */
  private record CapsLookedUp(CapsRef ref, String full, List<String> features)
      implements Command {}

  /** The resumption window of a parked session ended (ignored if another one was parked since). */
  private record ParkExpired(String resource, String token) implements Command {}

  // Events: past tense, no ActorRefs.

  public sealed interface Event extends CborSerializable {}

  /** A roster item was added or changed (name, groups or subscription state). */
  public record RosterItemSaved(RosterItem item) implements Event {}

  public record RosterItemRemoved(BareJid jid) implements Event {}

  /** A contact asked to see the user's presence; {@code stanza} is redelivered until answered. */
  public record SubscriptionRequestReceived(BareJid from, XmlElement stanza) implements Event {}

  public record SubscriptionRequestCleared(BareJid from) implements Event {}

  public record JidsBlocked(List<Jid> jids) implements Event {}

  public record JidsUnblocked(List<Jid> jids) implements Event {}

  public enum BlocklistCleared implements Event {
    INSTANCE
  }

  public record VcardStored(XmlElement vcard) implements Event {}

  public record PrivateXmlStored(XmlElement element) implements Event {}

  /**
   * The account was created again under this name at {@code createdAt}: everything persisted for
   * the previous owner is forgotten.
   */
  public record AccountIncarnationStarted(Instant createdAt) implements Event {}

  /**
   * A connection on cluster node {@code node} (its address) bound {@code resource}. With
   * {@link ResourceOffline}, this is how an incarnation restarted after a node crash knows which
   * resources were online: those whose node left the cluster are announced unavailable to contacts
   * at once, the others unless their connection re-attaches within the grace period.
   */
  public record ResourceOnline(String resource, String node) implements Event {}

  /** {@code resource} is no longer bound (see {@link ResourceOnline}); a parked session ends. */
  public record ResourceOffline(String resource) implements Event {}

  /** XEP-0198: the stream of {@code resource} dropped; the session waits to be resumed. */
  public record ResourceParked(String resource, ParkedResource parked) implements Event {}

  /** XEP-0198: the parked {@code resource} was resumed by a connection on {@code node}. */
  public record ResourceResumed(String resource, String node) implements Event {}

  /**
   * The state, persisted before incarnations were recorded, belongs to the account created at
   * {@code createdAt}.
   */
  public record AccountIncarnationAdopted(Instant createdAt) implements Event {}

  /** The account was deleted: everything persisted is forgotten. */
  public enum AccountRemoved implements Event {
    INSTANCE
  }

  /** What the entity needs from its surroundings. */
  public record Dependencies(
      StanzaRouting routing, OfflineMessages offline, Clock clock, AccountDirectory accounts,
      PepHandler pep, CapsDirectory caps) {
    public Dependencies {
      Objects.requireNonNull(pep, "pep");
      Objects.requireNonNull(caps, "caps");
      Objects.requireNonNull(routing, "routing");
      Objects.requireNonNull(offline, "offline");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(accounts, "accounts");
    }

    /** No PEP; caps cached in this JVM. */
    public Dependencies(
        StanzaRouting routing, OfflineMessages offline, Clock clock, AccountDirectory accounts) {
      this(routing, offline, clock, accounts, PepHandler.none(), CapsDirectory.local());
    }

    /** Every account exists (see {@link AccountDirectory#everyAccountExists()}). */
    public Dependencies(StanzaRouting routing, OfflineMessages offline, Clock clock) {
      this(routing, offline, clock, AccountDirectory.everyAccountExists());
    }
  }

  /** Where the entity stands on its account's existence. */
  private enum AccountPhase {
    /** Waiting for the directory; every command is stashed. */
    CHECKING,
    PRESENT,
    ABSENT
  }

  /** A directory that does not answer within this is taken as a failed check. */
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

  /** With no account, the entity passivates after at most this long. */
  private static final Duration ABSENT_LINGER = Duration.ofSeconds(10);
  /**
   * How long a roster removal's result waits for the contact's entity ({@link RosterAnswers}); a
   * contact whose entity is moving or gone does not hold it longer.
   */
  private static final Duration ROSTER_ANSWER_WAIT = Duration.ofSeconds(3);

  // ---------------------------------------------------------------------------------------------
  // Wiring

  /** Registers the entity type with sharding. */
  public static void init(
      ActorSystem<?> system,
      int numberOfShards,
      UserSessionSettings settings,
      Dependencies deps) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(Jids.bareSharingDomain(ctx.getEntityId()), ctx.getShard(), settings,
                deps))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards))
            // The entity decides when it is idle (no resource bound), not sharding's idle timer.
            // Remembered: after a node crash, every entity that had resources restarts on a
            // survivor at once, to take re-attaching connections or announce the rest gone.
            // (An entity that passivates, having no resources, is forgotten.)
            .withSettings(ClusterShardingSettings.create(system)
                .withNoPassivationStrategy()
                .withRememberEntities(settings.rememberEntities()))
            .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(
      EntityBareJid user,
      ActorRef<ClusterSharding.ShardCommand> shard,
      UserSessionSettings settings,
      Dependencies deps) {
    return Behaviors.setup(ctx -> new UserSession(ctx, user, shard, settings, deps));
  }

  private final ActorContext<Command> ctx;
  private final EntityBareJid user;
  private final String bare;
  private final String domain;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final UserSessionSettings settings;
  private final StanzaRouting routing;
  private final OfflineMessages offline;
  private final Clock clock;
  private final AccountDirectory directory;
  /** The receipt of the FromClient or Inbound being handled (see {@link #withReceipt}). */
  private Receipt receipt;
  private final OnlineResources resources = new OnlineResources();
  private final PepHandler pep;
  private final CapsDirectory caps;
  /** XEP-0163/XEP-0115: who wants which PEP notifications. */
  private final NotifyInterests interests = new NotifyInterests();
  private long capsQueries;
  /**
   * XEP-0198 tickets of bound resources with resumption on (see {@link SmTicket}); the shared
   * empty map until the first ({@link EmptyUntilUsed}), as most sessions never enable resumption.
   */
  private Map<String, SmTicket> tickets = Map.of();
  private AccountPhase phase = AccountPhase.CHECKING;
  /** The start-up account check waits for the first command (a login's bind may carry it). */
  private boolean checkDeferred;
  /**
   * After a restart with resources recorded online, stanzas wait (stashed) until their
   * connections re-attached or the grace period ended, so presence and messages reach them
   * instead of offline storage.
   */
  private boolean awaitingReattach;
  /** Binds stashed while the current check runs; they are answered by it, not checked again. */
  private int bindsAwaitingCheck;
  /** Binds of the last completed check still to come out of the stash. */
  private int bindsChecked;
  private boolean offlineFetchInFlight;
  /** The pending passivation while no resource is bound (see {@link #updateIdleTimer}). */
  private org.apache.pekko.actor.Cancellable idleTimer;
  /**
   * The last fetch found nothing and this incarnation has stored nothing since, so a login need
   * not read the store (every offline write for this user goes through this entity). False after
   * recovery: unknown until the first fetch.
   */
  private boolean offlineKnownEmpty;
  /**
   * A store was running when the running fetch started, or started since: the fetch's empty
   * answer proves nothing (the write may land after the read).
   */
  private boolean offlineStoredSinceFetch;
  /** Offline writes started and not yet answered. */
  private int offlineWritesInFlight;
  /** A message was stored while a fetch was in flight: fetch again when it completes. */
  private boolean offlineRefetch;
  /**
   * Offline messages sent to connections: deleted from storage once a connection acknowledged
   * them. Null until the first ({@link #deliveries}).
   */
  private OfflineDeliveries offlineDeliveries;
  /**
   * Where receipts this entity hands out come back: offline copies and roster removals (created
   * on first use; Pekko keeps one adapter per message class).
   */
  private ActorRef<ConnectionMessage> receiptAdapter;
  /**
   * Roster removal results waiting for the contact's entity; null until the first removal, then
   * kept (its map is empty between removals), so a late receipt never meets a reused number.
   */
  private RosterAnswers rosterAnswers;
  private long pushCounter;
  /**
   * Receipts of messages stored offline lately: a copy that the sender's connection re-sent after
   * a failover (the first one was only slow, not lost) is not stored twice.
   */
  private final java.util.Set<Receipt> recentlyStored = io.switchboard.protocol.util.RecentSet.of(1000);
  /**
   * Receipts of messages whose offline write is running (see {@link #inboundMessage}); the shared
   * empty set while none is ({@link EmptyUntilUsed}).
   */
  private java.util.Set<Receipt> storing = java.util.Set.of();

  private UserSession(
      ActorContext<Command> ctx,
      EntityBareJid user,
      ActorRef<ClusterSharding.ShardCommand> shard,
      UserSessionSettings settings,
      Dependencies deps) {
    super(PersistenceId.of(TYPE_KEY.name(), user.toString()));
    this.ctx = ctx;
    this.user = user;
    this.bare = user.toString();
    this.domain = user.asDomainBareJid().toString();
    this.shard = shard;
    this.settings = settings;
    this.routing = deps.routing();
    this.offline = deps.offline();
    this.clock = deps.clock();
    this.directory = deps.accounts();
    this.pep = deps.pep();
    this.caps = deps.caps();
  }

  @Override
  public Account emptyState() {
    return Account.EMPTY;
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
  public SignalHandler<Account> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          for (Map.Entry<String, ParkedResource> p : state.parked().entrySet()) {
            long left = Math.max(0, p.getValue().expiresAt() - clock.millis());
            ctx.scheduleOnce(Duration.ofMillis(left), ctx.getSelf(),
                new ParkExpired(p.getKey(), p.getValue().token()));
          }
          updateIdleTimer();
          if (state.online().isEmpty() && state.parked().isEmpty()) {
            // Nothing to announce or expire: the check waits for the first command, which is
            // usually the bind of a login that has just read the account (see stashWhileChecking).
            phase = AccountPhase.CHECKING;
            checkDeferred = true;
          } else {
            checkAccount();
          }
        })
        .build();
  }

  /**
   * One method that dispatches, as a plain lambda rather than through Pekko's handler builder:
   * the handler is built for every entity instance, and a builder case per command (26, with
   * their lambdas and list nodes) cost about 2.5 KB per entity; even one builder case keeps the
   * builder, its case list and a wrapper per entity (a heap histogram of idle sessions).
   */
  @Override
  public CommandHandlerWithReply<Command, Event, Account> commandHandler() {
    return this::handle;
  }

  /** The command handler; the order of the tests matters (the account check and the stash first). */
  private ReplyEffect<Event, Account> handle(Account state, Command cmd) {
    if (cmd instanceof AccountChecked c) {
      return onAccountChecked(state, c);
    }
    if (phase == AccountPhase.CHECKING) {
      return stashWhileChecking(state, cmd);
    }
    if (awaitingReattach && (cmd instanceof Inbound || cmd instanceof FromClient)) {
      return Effect().stash();
    }
    if (cmd instanceof Bind c) {
      return onBindAfterCheck(state, c);
    }
    if (cmd instanceof AccountDeleted c) {
      return onAccountDeleted(state, c);
    }
    if (phase == AccountPhase.ABSENT) {
      return withoutAccount(state, cmd);
    }
    if (cmd instanceof FromClient c) {
      return withReceipt(c.receipt(), c.stanza(),
          () -> fromKnownConnection(c) ? onFromClient(state, counted(c)) : fromUnknownConnection(state, c));
    }
    if (cmd instanceof Inbound c) {
      return withReceipt(c.receipt(), c.stanza(), () -> onInbound(state, c.stanza()));
    }
    if (cmd instanceof Reattach c) {
      return onReattach(state, c);
    }
    if (cmd instanceof Unbind c) {
      return onUnbind(state, c);
    }
    if (cmd instanceof ConnectionTerminated c) {
      return onConnectionTerminated(state, c);
    }
    if (cmd instanceof StreamManagementEnabled c) {
      return onStreamManagementEnabled(state, c);
    }
    if (cmd instanceof Park c) {
      return onPark(state, c);
    }
    if (cmd instanceof Resume c) {
      return onResume(state, c);
    }
    if (cmd instanceof ParkExpired c) {
      return onParkExpired(state, c);
    }
    if (cmd instanceof NotifyTargets c) {
      return onNotifyTargets(state, c);
    }
    if (cmd instanceof CapsLookedUp c) {
      return onCapsLookedUp(state, c);
    }
    if (cmd instanceof GetState c) {
      return onGetState(state, c);
    }
    if (cmd instanceof OfflineFetched c) {
      return onOfflineFetched(state, c);
    }
    if (cmd instanceof OfflineStored c) {
      return onOfflineStored(state, c);
    }
    if (cmd instanceof OfflineRefetch c) {
      fetchOffline(c.resource());
      return Effect().noReply();
    }
    if (cmd instanceof ReceiptReturned c) {
      return onReceiptReturned(state, c);
    }
    if (cmd instanceof RosterAnswerDue c) {
      releaseRosterAnswer(c.seq());
      return Effect().noReply();
    }
    if (cmd instanceof OfflineDeleted c) {
      if (c.failure() != null) {
        log.warn("{}: deleting delivered offline messages failed: {}", bare, c.failure().toString());
      }
      deliveries().deleted(c.ids(), c.failure() != null);
      deleteDeliveredOffline();
      return Effect().noReply();
    }
    if (cmd instanceof Idle c) {
      return onIdle(state, c);
    }
    if (cmd instanceof ReattachGraceOver c) {
      return onReattachGraceOver(state, c);
    }
    if (cmd instanceof Stop c) {
      return onStop(state, c);
    }
    return Effect().unhandled().thenNoReply();
  }

  @Override
  public EventHandler<Account, Event> eventHandler() {
    return Account::apply; // a shared lambda: no builder per entity (see commandHandler)
  }

  /**
   * Runs a handler with the command's receipt at hand ({@link #takeReceipt}); whatever the
   * handler did not pass on is acknowledged when it returns.
   */
  private ReplyEffect<Event, Account> withReceipt(
      Receipt r, XmlElement stanza, java.util.function.Supplier<ReplyEffect<Event, Account>> handler) {
    receipt = r;
    try {
      return guarded(stanza, handler);
    } finally {
      Receipt pending = receipt;
      receipt = null;
      Receipt.ack(pending);
    }
  }

  /** The current command's receipt, for the one delivery that completes it (then null). */
  private Receipt takeReceipt() {
    Receipt r = receipt;
    receipt = null;
    return r;
  }

  /** True unless the stanza carries a receipt from a connection not bound here. */
  private boolean fromKnownConnection(FromClient cmd) {
    if (cmd.receipt() == null) {
      return true;
    }
    Resource r = resources.get(cmd.resource());
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
    if (phase == AccountPhase.PRESENT && stanza.name().equals("message") && to != null
        && !to.asBareJid().toString().equals(bare) && !state.isBlocked(to)) {
      routing.route(stanza, takeReceipt());
    } else {
      takeReceipt();
    }
    return Effect().noReply();
  }

  /**
   * A stanza that trips a bug must not stop the entity (its bound resources would be lost): it is
   * logged and dropped instead.
   */
  private ReplyEffect<Event, Account> guarded(
      XmlElement stanza, java.util.function.Supplier<ReplyEffect<Event, Account>> handler) {
    try {
      return handler.get();
    } catch (RuntimeException e) {
      log.warn("{}: dropping <{}/> id={} after an internal error", bare, stanza.name(),
          stanza.attr("id"), e);
      return Effect().noReply();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The account: does it exist, and which incarnation of it is this state?

  /** Asks the directory; commands are stashed until {@link AccountChecked} arrives. */
  private void checkAccount() {
    phase = AccountPhase.CHECKING;
    CompletionStage<Optional<Instant>> answer;
    try {
      answer = directory.createdAt(user).toCompletableFuture().copy()
          .orTimeout(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    ctx.pipeToSelf(answer, (createdAt, failure) -> new AccountChecked(
        createdAt == null ? null : createdAt.orElse(null), failure));
  }

  /**
   * Stashed commands wait in the entity's bounded stash
   * ({@code pekko.persistence.typed.stash-capacity}); beyond it they are dropped and logged.
   */
  private ReplyEffect<Event, Account> stashWhileChecking(Account state, Command cmd) {
    if (checkDeferred) {
      checkDeferred = false;
      if (cmd instanceof Bind b && b.accountCreatedAt() != null) {
        ctx.getSelf().tell(new AccountChecked(b.accountCreatedAt(), null)); // read by the login
      } else {
        checkAccount();
      }
    }
    if (cmd instanceof Bind) {
      bindsAwaitingCheck++;
    }
    return Effect().stash();
  }

  private ReplyEffect<Event, Account> onAccountChecked(Account state, AccountChecked cmd) {
    bindsChecked = bindsAwaitingCheck;
    bindsAwaitingCheck = 0;
    if (cmd.failure() != null) {
      // Fail open: a storage hiccup must not bounce a real user's messages or refuse their login.
      // The next login checks again.
      log.warn("{}: account check failed, assuming the account exists: {}", bare,
          cmd.failure().toString());
      phase = AccountPhase.PRESENT;
      if (resources.isEmpty()) {
        expectReattach(state);
      }
      return Effect().noReply().thenUnstashAll();
    }
    Instant createdAt = cmd.createdAt();
    if (createdAt == null) {
      log.debug("{}: no such account", bare);
      closeAll(state, "not-authorized");
      becomeAbsent();
      return Effect().noReply().thenUnstashAll();
    }
    phase = AccountPhase.PRESENT;
    updateIdleTimer();
    if (resources.isEmpty()) {
      expectReattach(state);
    }
    if (createdAt.equals(Instant.EPOCH) || createdAt.equals(state.incarnation())) {
      return Effect().noReply().thenUnstashAll();
    }
    if (state.incarnation() == null) {
      // Journals written before incarnations were recorded: the state is this account's.
      return Effect().persist(new AccountIncarnationAdopted(createdAt)).thenNoReply()
          .thenUnstashAll();
    }
    log.info("{}: account created again ({}), starting from an empty state", bare, createdAt);
    closeAll(state, "not-authorized"); // logins of the previous owner
    return Effect().persist(new AccountIncarnationStarted(createdAt))
        .thenRun(s -> deleteOfflineMessages())
        .thenNoReply()
        .thenUnstashAll();
  }

  /**
   * A new login is where an account deleted and created again while this entity lived shows, so
   * each Bind checks the account once more (Binds stashed during a check share it).
   */
  private ReplyEffect<Event, Account> onBindAfterCheck(Account state, Bind cmd) {
    Instant read = cmd.accountCreatedAt();
    if (bindsChecked == 0 && phase == AccountPhase.PRESENT && read != null
        && (read.equals(state.incarnation()) || read.equals(Instant.EPOCH))) {
      return onBind(state, cmd); // the login just read this incarnation of the account
    }
    if (bindsChecked > 0) {
      bindsChecked--;
      if (phase == AccountPhase.ABSENT) {
        // The node authenticated the user, so the account was deleted meanwhile.
        return Effect().reply(cmd.replyTo(), new BindResult.Refused("not-authorized"));
      }
      return onBind(state, cmd);
    }
    checkAccount();
    bindsAwaitingCheck++;
    return Effect().stash();
  }

  /** XEP-0077 §3.2: the account is gone; so are its sessions, subscriptions and data. */
  private ReplyEffect<Event, Account> onAccountDeleted(Account state, AccountDeleted cmd) {
    log.info("{}: account deleted", bare);
    closeAll(state, "not-authorized");
    cancelSubscriptions(state);
    deleteOfflineMessages();
    becomeAbsent();
    if (!state.hasData() && state.incarnation() == null) {
      return Effect().noReply();
    }
    return Effect().persist(AccountRemoved.INSTANCE).thenNoReply();
  }

  /**
   * No account: passivate soon. Not at once, and through {@link Idle}, which passivates only with
   * no resource bound: a login of an account created again meanwhile keeps the entity.
   */
  private void becomeAbsent() {
    phase = AccountPhase.ABSENT;
    disarmIdle();
    ctx.scheduleOnce(min(settings.passivateAfter(), ABSENT_LINGER), ctx.getSelf(), Idle.INSTANCE);
  }

  /** Contacts learn the subscriptions both ways are over (as a roster remove, RFC 6121 §2.5.2). */
  private void cancelSubscriptions(Account state) {
    for (RosterItem item : state.roster().values()) {
      ContactState c = state.contactState(item.jid());
      if (c.to() || c.pendingOut()) {
        routing.route(Stanzas.presence(bare, item.jid().toString(), "unsubscribe"));
      }
      if (c.from()) {
        routing.route(Stanzas.presence(bare, item.jid().toString(), "unsubscribed"));
      }
    }
    for (String requester : state.pendingIn().keySet()) {
      routing.route(Stanzas.presence(bare, requester, "unsubscribed"));
    }
  }

  /** Every bound connection is closed with a stream error and forgotten (contacts see it leave). */
  private void closeAll(Account state, String condition) {
    for (Resource r : resources.all()) {
      ctx.unwatch(r.connection());
      r.connection().tell(new ConnectionMessage.Close(condition));
      leave(state, r, null);
    }
  }

  private void deleteOfflineMessages() {
    offline.deleteAll(user).whenComplete((ok, failure) -> {
      if (failure != null) {
        log.warn("{}: deleting offline messages failed: {}", bare, failure.toString());
      }
    });
  }

  /**
   * No such account. RFC 6121 §8.5.1: IQ requests and messages get {@code service-unavailable}
   * (errors never get an error), presence is dropped, a probe learns there is no subscription. The
   * entity neither persists nor stores anything.
   */
  private ReplyEffect<Event, Account> withoutAccount(Account state, Command cmd) {
    if (cmd instanceof FromClient fc) {
      Receipt.ack(fc.receipt()); // the account is gone; its connection is being closed
    }
    if (cmd instanceof Inbound in) {
      return withReceipt(in.receipt(), in.stanza(), () -> noSuchUser(in.stanza()));
    } else if (cmd instanceof Reattach r) {
      return Effect().reply(r.replyTo(), new BindResult.Refused("not-authorized"));
    } else if (cmd instanceof Resume r) {
      return Effect().reply(r.replyTo(), ResumeResult.Failed.INSTANCE);
    } else if (cmd instanceof NotifyTargets n) {
      return Effect().reply(n.replyTo(), new NotifyTargetsReply(List.of()));
    } else if (cmd instanceof Park p) {
      p.receipts().forEach(x -> Receipt.ack(x));
      p.connection().tell(ConnectionMessage.Released.INSTANCE);
    } else if (cmd instanceof GetState g) {
      return onGetState(state, g);
    } else if (cmd instanceof Idle) {
      return onIdle(state, Idle.INSTANCE);
    } else if (cmd instanceof Stop) {
      return onStop(state, Stop.INSTANCE);
    }
    log.debug("{}: no such account, ignoring {}", bare, cmd.getClass().getSimpleName());
    return Effect().noReply();
  }

  private ReplyEffect<Event, Account> noSuchUser(XmlElement stanza) {
    boolean hasSender = stanza.attr("from") != null;
    switch (stanza.name()) {
      case "iq", "message" -> {
        if (hasSender && Stanzas.mayBounce(stanza)) {
          routing.route(Stanzas.error(stanza, "cancel", "service-unavailable"));
        }
      }
      case "presence" -> {
        // Subscription requests and their answers are ignored too (§8.5.1: MUST silently ignore).
        Jid from = Jids.parse(stanza.attr("from")).orElse(null);
        if ("probe".equals(stanza.attr("type")) && from != null) {
          routing.route(Stanzas.presence(bare, from.asBareJid().toString(), "unsubscribed"));
        }
      }
      default -> { }
    }
    return Effect().noReply();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  // ---------------------------------------------------------------------------------------------
  // Resources: bind, unbind, termination, passivation

  private ReplyEffect<Event, Account> onBind(Account state, Bind cmd) {
    if (!validResource(cmd.resource())) {
      return Effect().reply(cmd.replyTo(), new BindResult.Refused("bad-request"));
    }
    ParkedResource parkedHere = state.parked().get(cmd.resource());
    if (parkedHere != null) {
      // A fresh login takes the resource of a parked session: that session ends first.
      ctx.getSelf().tell(new ParkExpired(cmd.resource(), parkedHere.token()));
      ctx.getSelf().tell(cmd);
      return Effect().noReply();
    }
    Resource existing = resources.get(cmd.resource());
    if (existing != null && existing.connection().equals(cmd.connection())) {
      return Effect().reply(cmd.replyTo(), bound(cmd.resource()));
    }
    Resource other = resources.byConnection(cmd.connection());
    if (other != null) {
      log.info("{}: connection {} already bound as {}", bare, cmd.connection(), other.name());
      return Effect().reply(cmd.replyTo(), new BindResult.Refused("conflict"));
    }
    if (existing == null && resources.size() >= settings.maxResources()) {
      return Effect().reply(cmd.replyTo(), new BindResult.Refused("resource-constraint"));
    }
    if (existing != null) {
      // RFC 6120 §7.7.2.2: the new session wins; the old one is closed with <conflict/>.
      ctx.unwatch(existing.connection());
      existing.connection().tell(ConnectionMessage.Replaced.INSTANCE);
      leave(state, existing, null);
    }
    resources.put(Resource.bound(cmd.resource(), cmd.connection()));
    ctx.watchWith(cmd.connection(), new ConnectionTerminated(cmd.resource(), cmd.connection()));
    updateIdleTimer();
    log.debug("{}: bound resource {}", bare, cmd.resource());
    return online(state, cmd.resource(), cmd.replyTo());
  }

  private ReplyEffect<Event, Account> onReattach(Account state, Reattach cmd) {
    if (!validResource(cmd.resource())) {
      return Effect().reply(cmd.replyTo(), new BindResult.Refused("bad-request"));
    }
    Resource existing = resources.get(cmd.resource());
    if (existing != null) {
      return Effect().reply(cmd.replyTo(), existing.connection().equals(cmd.connection())
          ? bound(cmd.resource())
          : new BindResult.Refused("conflict"));
    }
    if (resources.byConnection(cmd.connection()) != null) {
      return Effect().reply(cmd.replyTo(), new BindResult.Refused("conflict"));
    }
    if (resources.size() >= settings.maxResources()) {
      return Effect().reply(cmd.replyTo(), new BindResult.Refused("resource-constraint"));
    }
    Resource r = Resource.bound(cmd.resource(), cmd.connection());
    if (cmd.interested()) {
      r = r.withInterest();
    }
    if (cmd.presence() != null && cmd.presence().attr("type") == null) {
      r = r.withPresence(cmd.presence().withAttribute("from", full(cmd.resource()))
          .withoutAttribute("to"), priority(cmd.presence()));
    }
    resources.put(r);
    if (cmd.ticket() != null) {
      tickets = EmptyUntilUsed.put(tickets, cmd.resource(), cmd.ticket());
    }
    ctx.watchWith(cmd.connection(), new ConnectionTerminated(cmd.resource(), cmd.connection()));
    updateIdleTimer();
    log.debug("{}: re-attached resource {}", bare, cmd.resource());
    if (awaitingReattach && allReattached(state)) {
      awaitingReattach = false;
      return online(state, cmd.resource(), cmd.replyTo()).thenUnstashAll();
    }
    return online(state, cmd.resource(), cmd.replyTo());
  }

  /**
   * Sharding stops the entity to passivate it (no resources then) or to hand its shard off to
   * another node: bound connections are told to re-attach to the next incarnation.
   */
  private ReplyEffect<Event, Account> onStop(Account state, Stop cmd) {
    if (rosterAnswers != null) {
      // The removals are journaled; their results go now rather than be lost with this incarnation.
      rosterAnswers.releaseAll().forEach(this::deliverLocal);
    }
    for (Resource r : resources.all()) {
      r.connection().tell(ConnectionMessage.Rebind.INSTANCE);
    }
    return Effect().stop().thenNoReply();
  }

  /** Tests in this package: the message sharding sends to stop the entity. */
  static Command stopMessage() {
    return Stop.INSTANCE;
  }

  private boolean validResource(String resource) {
    return resource != null && !resource.isEmpty()
        && Jids.parse(full(resource)).map(j -> j.hasResource()
            && j.getResourceOrThrow().toString().equals(resource)).orElse(false);
  }

  private BindResult bound(String resource) {
    return new BindResult.Bound(Jids.full(full(resource)), ctx.getSelf());
  }

  private ReplyEffect<Event, Account> onUnbind(Account state, Unbind cmd) {
    Resource r = resources.get(cmd.resource());
    if (r != null && r.connection().equals(cmd.connection())) {
      ctx.unwatch(r.connection());
      leave(state, r, null);
      return offline(state, List.of(r.name()));
    }
    return Effect().noReply();
  }

  /** Records a bound resource (once) and answers the bind. */
  private ReplyEffect<Event, Account> online(
      Account state, String resource, ActorRef<BindResult> replyTo) {
    Resource r = resources.get(resource);
    String node = r == null ? null : nodeOf(r.connection());
    if (node == null || node.equals(state.online().get(resource))) {
      return Effect().reply(replyTo, bound(resource));
    }
    return Effect().persist(new ResourceOnline(resource, node))
        .thenReply(replyTo, s -> bound(resource));
  }

  /** The cluster node a connection lives on, as an address string. */
  private String nodeOf(ActorRef<?> connection) {
    org.apache.pekko.actor.Address a = connection.path().address();
    return (a.hasGlobalScope() ? a : ctx.getSystem().address()).toString();
  }

  /** Whether a node (address string) is still a cluster member (always true outside a cluster). */
  private boolean isMember(String node) {
    try {
      for (org.apache.pekko.cluster.Member m : org.apache.pekko.cluster.typed.Cluster
          .get(ctx.getSystem()).state().getMembers()) {
        if (m.address().toString().equals(node)) {
          return m.status() != org.apache.pekko.cluster.MemberStatus.down()
              && m.status() != org.apache.pekko.cluster.MemberStatus.removed();
        }
      }
      return false;
    } catch (RuntimeException notACluster) {
      return true;
    }
  }

  /** Records resources that are gone (those that were recorded online). */
  private ReplyEffect<Event, Account> offline(Account state, List<String> gone) {
    List<Event> events = new ArrayList<>();
    for (String name : gone) {
      if (state.online().containsKey(name) && resources.get(name) == null) {
        events.add(new ResourceOffline(name));
      }
    }
    return events.isEmpty() ? Effect().noReply() : Effect().persist(events).thenNoReply();
  }

  /**
   * After a restart (node crash, hand-off), resources recorded online that no connection
   * re-attached within the grace period are gone: contacts hear them leave.
   */
  private void expectReattach(Account state) {
    if (!state.online().isEmpty()) {
      awaitingReattach = true;
      ctx.getSelf().tell(new ReattachGraceOver(true));
      ctx.scheduleOnce(settings.reattachGrace(), ctx.getSelf(), new ReattachGraceOver(false));
    }
  }

  private ReplyEffect<Event, Account> onReattachGraceOver(Account state, ReattachGraceOver cmd) {
    List<String> gone = new ArrayList<>();
    for (Map.Entry<String, String> e : state.online().entrySet()) {
      String name = e.getKey();
      if (state.parked().containsKey(name)) {
        continue; // parked (XEP-0198): it waits for a resumption, not a re-attach
      }
      if (resources.get(name) == null && (!cmd.departedOnly() || !isMember(e.getValue()))) {
        gone.add(name);
        log.debug("{}: resource {} did not re-attach; announcing it unavailable", bare, name);
        broadcastUnavailable(state, Resource.bound(name, null), null);
      }
    }
    if (awaitingReattach && (!cmd.departedOnly() || allReattachedBut(state, gone))) {
      awaitingReattach = false;
      return offline(state, gone).thenUnstashAll();
    }
    return offline(state, gone);
  }

  private boolean allReattached(Account state) {
    return allReattachedBut(state, List.of());
  }

  /** Every resource recorded online is bound again, except {@code gone}. */
  private boolean allReattachedBut(Account state, List<String> gone) {
    for (String name : state.online().keySet()) {
      if (resources.get(name) == null && !gone.contains(name) && !state.parked().containsKey(name)) {
        return false;
      }
    }
    return true;
  }

  private ReplyEffect<Event, Account> onConnectionTerminated(
      Account state, ConnectionTerminated cmd) {
    Resource r = resources.get(cmd.resource());
    if (r != null && r.connection().equals(cmd.connection())) {
      if (resources.isParked(r.name())) {
        return Effect().noReply(); // the parked session is journaled; its old stream's actor ended
      }
      SmTicket ticket = tickets.get(r.name());
      if (ticket != null && ticket.resumeMillis() > 0) {
        // The connection's node died with a resumable stream: park it here. What its client had
        // not acknowledged still has unacknowledged receipts, so the senders send it again, and
        // it goes to offline storage, to be delivered after the resumption.
        log.debug("{}: connection of {} lost; parking its session", bare, cmd.resource());
        return park(r, ticket, 0, List.of(), () -> { });
      }
      log.debug("{}: connection of {} terminated", bare, cmd.resource());
      leave(state, r, null);
      return offline(state, List.of(r.name()));
    }
    return Effect().noReply();
  }

  /** A resource goes away: unavailable presence if it was available, then forget it. */
  private void leave(Account state, Resource r, XmlElement unavailable) {
    if (r.available()) {
      broadcastUnavailable(state, r, unavailable);
    } else {
      // Directed presence sent without initial presence (RFC 6121 §4.6.3) still ends.
      for (String jid : r.directed()) {
        routing.route(Stanzas.presence(full(r.name()), jid, "unavailable"));
      }
    }
    resources.remove(r.name());
    tickets = EmptyUntilUsed.remove(tickets, r.name());
    interests.unavailable(full(r.name()));
    updateIdleTimer();
    if (offlineDeliveries != null && offlineDeliveries.forget(r.connection())) {
      // Offline copies were on their way to it and may never have arrived: they are still
      // stored, so the remaining resources get them.
      fetchOfflineForAvailable();
    }
  }

  /**
   * Passivates {@code passivate-after} once no resource is bound. A scheduled {@link Idle}, not
   * Pekko's receive timeout: cancelling that while its timeout is already in the mailbox makes
   * Pekko 1.2.1 deliver a null message, which fails the entity with a NullPointerException in
   * {@code InterceptorImpl.receive} (fixed later by apache/pekko PR #3086; seen once in a
   * 19,500-login run, a login binding just as the timeout fired). A late {@link Idle} is a plain
   * message, ignored while a resource is bound.
   */
  private void updateIdleTimer() {
    if (!resources.isEmpty()) {
      disarmIdle();
    } else if (idleTimer == null) {
      idleTimer = ctx.scheduleOnce(settings.passivateAfter(), ctx.getSelf(), Idle.INSTANCE);
    }
  }

  private void disarmIdle() {
    if (idleTimer != null) {
      idleTimer.cancel();
      idleTimer = null;
    }
  }

  private ReplyEffect<Event, Account> onIdle(Account state, Idle cmd) {
    idleTimer = null;
    if (resources.isEmpty()) {
      log.debug("{}: idle, passivating", bare);
      shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, Account> onGetState(Account state, GetState cmd) {
    List<ResourceView> views = new ArrayList<>();
    for (Resource r : resources.all()) {
      views.add(new ResourceView(r.name(), r.available(), r.priority(), r.interested(),
          r.presence()));
    }
    return Effect().reply(cmd.replyTo(), new SessionState(state, List.copyOf(views)));
  }

  // ---------------------------------------------------------------------------------------------
  // XEP-0163 PEP: requests to the account, and +notify interest from XEP-0115 caps

  private static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
  private static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

  private static boolean isPubSub(XmlElement iq) {
    String ns = iq.firstElement().map(XmlElement::namespace).orElse("");
    return ns.equals(PUBSUB) || ns.equals(PUBSUB + "#owner");
  }

  /** Pub-sub requests, node disco, and the item list of the account are the PEP service's. */
  private static boolean forPep(XmlElement iq) {
    XmlElement q = iq.firstElement().orElse(null);
    if (q == null) {
      return false;
    }
    String ns = q.namespace();
    return ns.equals(PUBSUB) || ns.equals(PUBSUB + "#owner")
        || (q.is("query", DISCO_INFO) && q.attr("node") != null)
        || q.is("query", DISCO_ITEMS);
  }

  /**
   * {@code full} sent available presence: track its caps, resolve them, and send last items of
   * the nodes it newly wants (all of them when it came online, the new ones when its caps
   * changed).
   */
  private void observeAvailable(String full, XmlElement presence) {
    Optional<CapsRef> ref = CapsRef.of(presence);
    interests.available(full, ref);
    if (ref.isEmpty()) {
      return;
    }
    if (interests.isKnown(ref.get().ver())) {
      lastItems(full);
      return;
    }
    CapsRef r = ref.get();
    ctx.pipeToSelf(caps.features(r.ver()),
        (found, failure) -> new CapsLookedUp(r, full, found == null ? null : found.orElse(null)));
  }

  private ReplyEffect<Event, Account> onCapsLookedUp(Account state, CapsLookedUp cmd) {
    if (cmd.features() != null) {
      interests.learn(cmd.ref().ver(), cmd.features());
      lastItems(cmd.full());
      return Effect().noReply();
    }
    if (interests.caps(cmd.full()).isEmpty()) {
      return Effect().noReply();
    }
    // XEP-0115 §6.2: unknown caps are asked of the entity that announced them.
    String id = "caps-" + (++capsQueries);
    interests.asked(id, cmd.ref(), cmd.full());
    routing.route(XmlElement.builder("iq", Stanzas.CLIENT).attr("type", "get").attr("id", id)
        .attr("from", bare).attr("to", cmd.full())
        .child(XmlElement.builder("query", DISCO_INFO).attr("node", cmd.ref().discoNode()))
        .build());
    return Effect().noReply();
  }

  /** A disco#info answer to a caps query: verified, cached cluster-wide, last items sent. */
  private void onCapsAnswer(XmlElement iq) {
    String id = iq.attr("id");
    if (id == null || !id.startsWith("caps-")) {
      return;
    }
    interests.answered(id).ifPresent(p -> {
      XmlElement query = iq.child("query", DISCO_INFO).orElse(null);
      if (!"result".equals(iq.attr("type")) || !p.full().equals(iq.attr("from")) || query == null
          || !CapsVerification.matches(p.ref(), query)) {
        log.debug("{}: caps of {} not verified; ignored", bare, p.full());
        return;
      }
      List<String> features = CapsVerification.features(query);
      interests.learn(p.ref().ver(), features);
      caps.learned(p.ref().ver(), features);
      for (String full : interests.using(p.ref().ver())) {
        lastItems(full);
      }
    });
  }

  /** XEP-0163 §4.3.2: the PEP service sends {@code full} the last items it newly wants. */
  private void lastItems(String full) {
    Set<String> nodes = interests.newlyInterested(full);
    if (!nodes.isEmpty()) {
      Jids.parse(full).filter(Jid::hasResource).ifPresent(j ->
          pep.contactOnline(user, j.asFullJidIfPossible(), nodes));
    }
  }

  private ReplyEffect<Event, Account> onNotifyTargets(Account state, NotifyTargets cmd) {
    List<String> out = new ArrayList<>();
    for (String full : interests.interestedIn(cmd.node())) {
      Jid j = Jids.parse(full).orElse(null);
      if (j == null || !j.hasResource()) {
        continue;
      }
      if (j.asBareJid().toString().equals(bare)) {
        Resource r = resources.get(j.getResourceOrThrow().toString());
        if (r != null && r.available() && !resources.isParked(r.name())) {
          out.add(full);
        }
      } else {
        RosterItem item = state.item(j.asBareJid());
        if (item != null && item.subscription().hasFrom() && !state.isBlocked(j)) {
          out.add(full);
        }
      }
    }
    return Effect().reply(cmd.replyTo(), new NotifyTargetsReply(List.copyOf(out)));
  }

  // ---------------------------------------------------------------------------------------------
  // XEP-0198 resumption, held here so a session survives the node of its stream

  /** Counts a stanza of a resource with resumption on, for the {@code h} of a later resume. */
  private FromClient counted(FromClient cmd) {
    SmTicket t = cmd.receipt() == null ? null : tickets.get(cmd.resource());
    if (t != null) {
      tickets = EmptyUntilUsed.put(tickets, cmd.resource(), t.seen(cmd.receipt().seq()));
    }
    return cmd;
  }

  private ReplyEffect<Event, Account> onStreamManagementEnabled(
      Account state, StreamManagementEnabled cmd) {
    Resource r = resources.get(cmd.resource());
    if (r != null && r.connection().equals(cmd.connection()) && !resources.isParked(r.name())) {
      SmTicket known = tickets.get(cmd.resource());
      // Stanzas may have been counted before the ticket arrived; keep the highest seen.
      SmTicket kept = known == null || !known.token().equals(cmd.ticket().token())
          ? cmd.ticket() : cmd.ticket().seen(known.seenSeq());
      tickets = EmptyUntilUsed.put(tickets, cmd.resource(), kept);
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, Account> onPark(Account state, Park cmd) {
    Resource r = resources.get(cmd.resource());
    boolean owner = r != null && r.connection().equals(cmd.connection());
    if (owner && resources.isParked(r.name())) {
      // A repeated park (the first answer was lost): already journaled.
      cmd.receipts().forEach(x -> Receipt.ack(x));
      cmd.connection().tell(ConnectionMessage.ParkAccepted.INSTANCE);
      return Effect().noReply();
    }
    SmTicket ticket = owner ? tickets.get(r.name()) : null;
    if (ticket == null) {
      // Not resumable here (the resource moved on, or this incarnation lost the ticket): the
      // session ends, and what its client missed goes to the bare JID.
      for (int i = 0; i < cmd.unacked().size(); i++) {
        XmlElement stanza = cmd.unacked().get(i);
        Receipt receipt = cmd.receipts().get(i);
        if (reroutable(stanza)) {
          routing.route(stanza.withAttribute("to", bare), receipt);
        } else {
          Receipt.ack(receipt);
        }
      }
      cmd.connection().tell(ConnectionMessage.Released.INSTANCE);
      if (owner) {
        ctx.unwatch(r.connection());
        leave(state, r, null);
        return offline(state, List.of(r.name()));
      }
      return Effect().noReply();
    }
    log.debug("{}: stream of {} dropped; parking its session", bare, cmd.resource());
    return park(r, ticket, cmd.ackedBase(), cmd.unacked(), () -> {
      cmd.receipts().forEach(x -> Receipt.ack(x));
      cmd.connection().tell(ConnectionMessage.ParkAccepted.INSTANCE);
    });
  }

  /** Journals {@code r} as parked; {@code then} runs once it is persisted. */
  private ReplyEffect<Event, Account> park(
      Resource r, SmTicket ticket, long ackedBase, List<XmlElement> unacked, Runnable then) {
    ParkedResource parked = new ParkedResource(ticket.token(), ticket.handled(), ackedBase, unacked,
        r.available() ? r.presence() : null, r.priority(), r.interested(),
        clock.millis() + ticket.resumeMillis());
    resources.park(r.name());
    ctx.scheduleOnce(Duration.ofMillis(ticket.resumeMillis()), ctx.getSelf(),
        new ParkExpired(r.name(), ticket.token()));
    return Effect().persist(new ResourceParked(r.name(), parked))
        .thenRun(s -> then.run())
        .thenNoReply();
  }

  private ReplyEffect<Event, Account> onResume(Account state, Resume cmd) {
    String name = cmd.resource();
    ParkedResource parked = state.parked().get(name);
    SmTicket live = tickets.get(name);
    Resource bound = resources.get(name);
    if (parked == null && live != null && bound != null && live.token().equals(cmd.token())) {
      // The client noticed its stream was gone before the cluster did (its node died moments
      // ago, or its socket is half-open): the new stream takes over. The old stream's unacknowledged
      // stanzas come back through their held receipts (re-sent by their senders, or routed on by
      // the old connection when it is released), so there is nothing to replay here.
      parked = new ParkedResource(live.token(), live.handled(), cmd.clientH(), List.of(),
          bound.presence(), bound.priority(), bound.interested(), 0);
    }
    if (parked == null || !parked.token().equals(cmd.token())) {
      return Effect().reply(cmd.replyTo(), ResumeResult.Failed.INSTANCE);
    }
    Resource old = resources.get(name);
    Resource r;
    if (old != null) {
      ctx.unwatch(old.connection());
      if (!old.connection().equals(cmd.connection())) {
        old.connection().tell(ConnectionMessage.Released.INSTANCE);
      }
      r = old.withConnection(cmd.connection());
    } else {
      // This incarnation started after the park: the resource comes back from the journal.
      r = Resource.bound(name, cmd.connection());
      if (parked.interested()) {
        r = r.withInterest();
      }
      if (parked.presence() != null) {
        r = r.withPresence(parked.presence(), parked.priority());
      }
    }
    resources.put(r);
    resources.unpark(name);
    tickets = EmptyUntilUsed.put(tickets, name, new SmTicket(parked.token(), parked.handled(), 0, 0, cmd.resumeMillis()));
    ctx.watchWith(cmd.connection(), new ConnectionTerminated(name, cmd.connection()));
    updateIdleTimer();
    log.debug("{}: resumed {}", bare, name);
    ResumeResult reply = new ResumeResult.Resumed(parked.handled(),
        parked.unreceived(cmd.clientH()), ctx.getSelf());
    boolean fetch = r.available();
    return Effect().persist(new ResourceResumed(name, nodeOf(cmd.connection())))
        .thenRun(s -> {
          if (fetch) {
            fetchOffline(name); // what came while it was parked
          }
        })
        .thenReply(cmd.replyTo(), s -> reply);
  }

  /**
   * The resumption window ended (or a fresh login takes the resource): contacts hear the resource
   * leave, and the messages its client never acknowledged go to the bare JID.
   */
  private ReplyEffect<Event, Account> onParkExpired(Account state, ParkExpired cmd) {
    String name = cmd.resource();
    ParkedResource parked = state.parked().get(name);
    Resource r = resources.get(name);
    if (parked == null || !parked.token().equals(cmd.token())
        || (r != null && !resources.isParked(name))) {
      return Effect().noReply();
    }
    log.debug("{}: parked session of {} was not resumed; ending it", bare, name);
    if (r != null) {
      ctx.unwatch(r.connection());
      r.connection().tell(ConnectionMessage.Released.INSTANCE);
      leave(state, r, null);
    } else if (parked.presence() != null) {
      broadcastUnavailable(state,
          Resource.bound(name, null).withPresence(parked.presence(), parked.priority()), null);
    }
    return Effect().persist(new ResourceOffline(name))
        .thenRun(s -> {
          for (XmlElement stanza : parked.unacked()) {
            if (reroutable(stanza)) {
              inboundMessage(stanza.withAttribute("to", bare), null);
            }
          }
        })
        .thenNoReply();
  }

  // ---------------------------------------------------------------------------------------------
  // From the user's own client

  private ReplyEffect<Event, Account> onFromClient(Account state, FromClient cmd) {
    XmlElement stanza = cmd.stanza();
    String toAttr = stanza.attr("to");
    Jid to = null;
    if (toAttr != null) {
      to = Jids.parse(toAttr).orElse(null);
      if (to == null) {
        if (Stanzas.mayBounce(stanza)) {
          deliverLocal(Stanzas.error(stanza.withoutAttribute("to"), "modify", "jid-malformed"));
        }
        return Effect().noReply();
      }
    }
    boolean toOwnAccount = to == null || to.toString().equals(bare);
    boolean toOwnResource = !toOwnAccount && to.asBareJid().toString().equals(bare);
    switch (stanza.name()) {
      case "iq":
        if (toOwnAccount) {
          return onOwnIq(state, cmd.resource(), stanza, to == null);
        }
        return toOwnResource ? onInbound(state, stanza) : outbound(state, cmd.resource(), stanza, to);
      case "presence":
        if (to == null) {
          return onOwnPresence(state, cmd.resource(), stanza);
        }
        if (toOwnAccount || toOwnResource) {
          return isSubscriptionType(stanza.attr("type"))
              ? Effect().noReply()
              : onInbound(state, stanza);
        }
        return outbound(state, cmd.resource(), stanza, to);
      case "message":
        if (toOwnAccount || toOwnResource) {
          // RFC 6121 §8.1.1.1: no 'to' means the user's own bare JID.
          return onInbound(state, to == null ? stanza.withAttribute("to", bare) : stanza);
        }
        return outbound(state, cmd.resource(), stanza, to);
      default:
        log.info("{}: dropping unknown stanza <{}/>", bare, stanza.name());
        return Effect().noReply();
    }
  }

  /** A stanza from the user to someone else (another user, a domain, a remote JID). */
  private ReplyEffect<Event, Account> outbound(
      Account state, String resource, XmlElement stanza, Jid to) {
    boolean presence = stanza.name().equals("presence");
    String type = stanza.attr("type");
    if (state.isBlocked(to)) {
      // XEP-0191 §3.5: nothing reaches a blocked JID; messages and IQs are told why.
      if (!presence && Stanzas.mayBounce(stanza)) {
        deliverLocal(Stanzas.error(stanza, "cancel", "not-acceptable",
            XmlElement.of("blocked", Stanzas.BLOCKING_ERRORS)));
      }
      return Effect().noReply();
    }
    if (presence && isSubscriptionType(type)) {
      return onOutboundSubscription(state, stanza, to.asBareJid(), type);
    }
    if (presence && "probe".equals(type)) {
      return Effect().noReply(); // RFC 6121 §4.3: probes are the server's business.
    }
    if (presence && (type == null || "unavailable".equals(type))) {
      Resource r = resources.get(resource);
      if (r != null) {
        resources.put(r.withDirected(to.toString(), type == null));
      }
    }
    routing.route(stanza, takeReceipt());
    return Effect().noReply();
  }

  // ---------------------------------------------------------------------------------------------
  // Presence broadcast (RFC 6121 §4.2 - §4.5)

  private ReplyEffect<Event, Account> onOwnPresence(
      Account state, String resource, XmlElement stanza) {
    Resource r = resources.get(resource);
    if (r == null) {
      log.debug("{}: presence from unbound resource {}", bare, resource);
      return Effect().noReply();
    }
    String type = stanza.attr("type");
    if (type == null) {
      int priority = priority(stanza);
      XmlElement presence = stanza.withAttribute("from", full(resource));
      boolean initial = !r.available();
      Resource updated = r.withPresence(presence, priority);
      resources.put(updated);
      observeAvailable(full(resource), presence);
      broadcast(state, presence);
      if (initial) {
        onInitialPresence(state, updated);
      }
    } else if ("unavailable".equals(type)) {
      if (r.available()) {
        broadcastUnavailable(state, r, stanza.withAttribute("from", full(resource)));
        resources.put(r.unavailable());
      }
      interests.unavailable(full(resource));
    }
    return Effect().noReply();
  }

  /** Available presence to subscribers (from/both) and to all the user's available resources. */
  private void broadcast(Account state, XmlElement presence) {
    for (RosterItem item : state.roster().values()) {
      if (item.subscription().hasFrom() && !state.isBlocked(item.jid())) {
        routing.route(presence.withAttribute("to", item.jid().toString()));
      }
    }
    for (Resource own : resources.available()) {
      deliver(own, presence.withAttribute("to", full(own.name())));
    }
  }

  /** RFC 6121 §4.2.2: probes, other resources' presence, pending requests, offline messages. */
  private void onInitialPresence(Account state, Resource r) {
    for (RosterItem item : state.roster().values()) {
      if (item.subscription().hasTo() && !state.isBlocked(item.jid())) {
        routing.route(XmlElement.builder("presence", Stanzas.CLIENT).attr("from", bare)
            .attr("to", item.jid().toString()).attr("type", "probe").build());
      }
    }
    for (Resource own : resources.available()) {
      if (!own.name().equals(r.name())) {
        deliver(r, own.presence().withAttribute("to", full(r.name())));
      }
    }
    for (XmlElement request : state.pendingIn().values()) {
      deliver(r, request);
    }
    if (r.priority() >= 0) {
      fetchOffline(r.name());
    }
  }

  /** Fetches offline messages for the best available resources, if any is available. */
  private void fetchOfflineForAvailable() {
    List<Resource> best = resources.highestPriority();
    if (!best.isEmpty()) {
      fetchOffline(best.get(0).name());
    }
  }

  /** Fetches offline messages for delivery to {@code resource} (or the best available ones). */
  private void fetchOffline(String resource) {
    if (offlineKnownEmpty) {
      return;
    }
    if (offlineFetchInFlight) {
      offlineRefetch = true;
      return;
    }
    offlineFetchInFlight = true;
    // A write still running may land after this read: then an empty answer does not mean empty.
    offlineStoredSinceFetch = offlineWritesInFlight > 0;
    ctx.pipeToSelf(offline.fetch(user),
        (messages, failure) -> new OfflineFetched(resource, messages, failure));
  }

  /**
   * Unavailable presence of a resource that leaves: to subscribers, to the JIDs it sent directed
   * presence to (RFC 6121 §4.6.3) and to the user's other available resources.
   */
  private void broadcastUnavailable(Account state, Resource r, XmlElement stanza) {
    XmlElement unavailable = stanza != null
        ? stanza
        : Stanzas.presence(full(r.name()), null, "unavailable");
    List<String> sent = new ArrayList<>();
    for (RosterItem item : state.roster().values()) {
      if (item.subscription().hasFrom() && !state.isBlocked(item.jid())) {
        sent.add(item.jid().toString());
        routing.route(unavailable.withAttribute("to", item.jid().toString()));
      }
    }
    for (String jid : r.directed()) {
      if (!sent.contains(jid)) {
        routing.route(unavailable.withAttribute("to", jid));
      }
    }
    for (Resource own : resources.available()) {
      if (!own.name().equals(r.name())) {
        deliver(own, unavailable.withAttribute("to", full(own.name())));
      }
    }
  }

  private static int priority(XmlElement presence) {
    String text = presence.childText("priority", presence.namespace()).orElse("0").trim();
    try {
      return Math.max(-128, Math.min(127, Integer.parseInt(text)));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Subscriptions (RFC 6121 §3, Appendix A)

  private static boolean isSubscriptionType(String type) {
    return "subscribe".equals(type) || "subscribed".equals(type)
        || "unsubscribe".equals(type) || "unsubscribed".equals(type);
  }

  private ReplyEffect<Event, Account> onOutboundSubscription(
      Account state, XmlElement stanza, BareJid contact, String type) {
    ContactState before = state.contactState(contact);
    ContactState after = before.outbound(type);
    List<Event> events = transition(state, contact, after, null);
    // subscribe/unsubscribe always travel; subscribed/unsubscribed only when they changed state
    // (RFC 6121 §3.1.5, §3.2.2: no pre-approval, nothing to cancel → not routed).
    boolean route = type.equals("subscribe") || type.equals("unsubscribe") || !before.equals(after);
    XmlElement out = stanza.withAttribute("from", bare).withAttribute("to", contact.toString());
    return persistThen(state, events, s -> {
      pushIfChanged(events, s);
      if (route) {
        routing.route(out);
      }
      if (type.equals("subscribed") && after.from() && !before.from()) {
        // §3.1.5: the new subscriber gets the user's current presence.
        for (Resource r : resources.available()) {
          routing.route(r.presence().withAttribute("to", contact.toString()));
        }
      } else if (type.equals("unsubscribed") && before.from() && !after.from()) {
        // §3.2.2: a cancelled subscriber sees the user go unavailable.
        sendUnavailableTo(contact.toString());
      }
    });
  }

  private ReplyEffect<Event, Account> onInboundSubscription(
      Account state, XmlElement stanza, BareJid contact, String type) {
    ContactState before = state.contactState(contact);
    ContactState after = before.inbound(type);
    if (before.equals(after)) {
      if (type.equals("subscribe") && before.from()) {
        // A.3.1: already subscribed: answer on the user's behalf.
        routing.route(Stanzas.presence(bare, contact.toString(), "subscribed"));
      }
      return Effect().noReply();
    }
    XmlElement request = stanza.withAttribute("from", contact.toString());
    List<Event> events = transition(state, contact, after, request);
    // A receipt (a roster removal waiting on this, see RosterAnswers) is acknowledged once the
    // change is journaled and delivered, not when this handler returns.
    Receipt handled = takeReceipt();
    return persistThen(state, events, s -> {
      pushIfChanged(events, s);
      for (Resource r : resources.available()) {
        if (r.interested()) {
          deliver(r, request);
        }
      }
      if (type.equals("unsubscribe") && before.from()) {
        // §3.3.3: the former subscriber sees the user go unavailable.
        sendUnavailableTo(contact.toString());
      }
      Receipt.ack(handled);
    });
  }

  /** Events that move {@code contact} to {@code after}; a roster item is created when needed. */
  private static List<Event> transition(
      Account state, BareJid contact, ContactState after, XmlElement request) {
    List<Event> events = new ArrayList<>(2);
    RosterItem item = state.item(contact);
    if (item != null || after.subscription() != Subscription.NONE || after.pendingOut()) {
      RosterItem base = item == null ? RosterItem.of(contact) : item;
      RosterItem changed = base.withSubscription(after.subscription(), after.pendingOut());
      if (!changed.equals(item)) {
        events.add(new RosterItemSaved(changed));
      }
    }
    boolean wasPending = state.pendingIn().containsKey(contact.toString());
    if (wasPending && !after.pendingIn()) {
      events.add(new SubscriptionRequestCleared(contact));
    } else if (!wasPending && after.pendingIn()) {
      events.add(new SubscriptionRequestReceived(contact, request));
    }
    return events;
  }

  private void sendUnavailableTo(String jid) {
    unavailableTo(jid).forEach(routing::route);
  }

  /** Unavailable presence from each available resource to {@code jid}. */
  private List<XmlElement> unavailableTo(String jid) {
    List<XmlElement> out = new ArrayList<>();
    for (Resource r : resources.available()) {
      out.add(Stanzas.presence(full(r.name()), jid, "unavailable"));
    }
    return out;
  }

  /** Persists {@code events} and runs {@code then}; with no events, runs it at once. */
  private ReplyEffect<Event, Account> persistThen(
      Account state, List<Event> events, Procedure<Account> then) {
    if (events.isEmpty()) {
      try {
        then.apply(state);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return Effect().noReply();
    }
    return Effect().persist(events).thenRun(then).thenNoReply();
  }

  // ---------------------------------------------------------------------------------------------
  // Inbound: RFC 6121 §8.5.2 (bare JID) and §8.5.3 (full JID) for a local user

  private ReplyEffect<Event, Account> onInbound(Account state, XmlElement stanza) {
    Jid from = Jids.parse(stanza.attr("from")).orElse(null);
    Jid to = Jids.parse(stanza.attr("to")).orElse(user);
    boolean fromSelf = from != null && from.asBareJid().toString().equals(bare);
    if (from != null && !fromSelf && state.isBlocked(from)) {
      // XEP-0191 §3.6: presence is dropped; messages and IQ requests get service-unavailable,
      // which does not tell the sender it is blocked.
      if (!stanza.name().equals("presence") && Stanzas.mayBounce(stanza)) {
        routing.route(Stanzas.error(stanza, "cancel", "service-unavailable"));
      }
      return Effect().noReply();
    }
    String resource = to.hasResource() ? to.getResourceOrThrow().toString() : null;
    switch (stanza.name()) {
      case "message":
        inboundMessage(stanza, resource);
        return Effect().noReply();
      case "presence":
        return inboundPresence(state, stanza, from, resource);
      case "iq":
        return inboundIq(state, stanza, from, resource);
      default:
        return Effect().noReply();
    }
  }

  private void inboundMessage(XmlElement stanza, String resource) {
    if (receipt != null && recentlyStored.contains(receipt)) {
      return; // a re-sent copy of a message already stored (acknowledged again on return)
    }
    if (receipt != null && storing.contains(receipt)) {
      // A re-sent copy of a message whose offline write is still running: dropped without an
      // acknowledgement. The write acknowledges it; if the write fails, the sender sends again.
      takeReceipt();
      return;
    }
    String type = Stanzas.type(stanza, "normal");
    if (resource != null) {
      Resource r = resources.get(resource);
      if (r != null && !resources.isParked(resource)) {
        deliver(r, stanza); // §8.5.3.1
        return;
      }
      // §8.5.3.2.1: no such resource: treat as addressed to the bare JID (below).
    }
    switch (type) {
      case "error" -> { } // §8.5.2.1.1: silently dropped
      case "groupchat" -> routing.route(Stanzas.error(stanza, "cancel", "service-unavailable"));
      case "headline" -> resources.nonNegative().forEach(r -> deliver(r, stanza));
      default -> {
        List<Resource> targets = resources.highestPriority();
        if (targets.isEmpty()) {
          storeOffline(stanza);
        } else {
          targets.forEach(r -> deliver(r, stanza));
        }
      }
    }
  }

  /** XEP-0160: chat and normal messages wait in offline storage; bare chat states are dropped. */
  private void storeOffline(XmlElement stanza) {
    boolean worthKeeping = false;
    for (XmlElement child : stanza.elements()) {
      if (!child.namespace().equals(Stanzas.CHAT_STATES)) {
        worthKeeping = true;
        break;
      }
    }
    if (!worthKeeping) {
      return;
    }
    Receipt r = takeReceipt();
    if (r != null) {
      storing = EmptyUntilUsed.add(storing, r);
    }
    offlineKnownEmpty = false;
    offlineStoredSinceFetch = true;
    offlineWritesInFlight++;
    ctx.pipeToSelf(offline.store(user, stanza, clock.instant()),
        (accepted, failure) -> new OfflineStored(stanza, r, accepted, failure));
  }

  private ReplyEffect<Event, Account> onOfflineStored(Account state, OfflineStored cmd) {
    offlineWritesInFlight--;
    if (cmd.receipt() != null) {
      storing = EmptyUntilUsed.remove(storing, cmd.receipt());
    }
    if (cmd.failure() != null && cmd.receipt() != null) {
      // Not acknowledged: the sender's connection sends it again (storage may be back by then).
      log.warn("{}: offline store failed, the sender will retry: {}", bare, cmd.failure().toString());
      return Effect().noReply();
    }
    // Stored, or refused with an error to the sender: either way the message is accounted for.
    Receipt.ack(cmd.receipt());
    if (cmd.failure() == null && Boolean.TRUE.equals(cmd.accepted()) && cmd.receipt() != null) {
      recentlyStored.add(cmd.receipt());
    }
    if (cmd.failure() != null) {
      log.warn("{}: offline store failed: {}", bare, cmd.failure().toString());
      routing.route(Stanzas.error(cmd.stanza(), "wait", "internal-server-error"));
    } else if (!Boolean.TRUE.equals(cmd.accepted())) {
      log.info("{}: offline quota full, message refused", bare);
      routing.route(Stanzas.error(cmd.stanza(), "wait", "resource-constraint"));
    } else {
      // A resource may have become available while the message was being stored (its own fetch
      // may have run before the store landed): deliver it now rather than at the next login.
      fetchOfflineForAvailable();
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, Account> onOfflineFetched(Account state, OfflineFetched cmd) {
    offlineFetchInFlight = false;
    if (offlineRefetch) {
      offlineRefetch = false;
      ctx.getSelf().tell(new OfflineRefetch(cmd.resource()));
    }
    if (cmd.failure() != null) {
      log.warn("{}: offline fetch failed: {}", bare, cmd.failure().toString());
      return Effect().noReply();
    }
    if (cmd.messages().isEmpty()) {
      offlineKnownEmpty = !offlineStoredSinceFetch;
      return Effect().noReply();
    }
    Resource r = resources.get(cmd.resource());
    List<Resource> targets = r != null && r.available() && r.priority() >= 0
        && !resources.isParked(r.name())
        ? List.of(r)
        : resources.highestPriority();
    if (targets.isEmpty()) {
      return Effect().noReply(); // nobody left to take them; they stay stored
    }
    if (offlineDeliveries != null) {
      offlineDeliveries.forgetAllBut(this::isCurrentConnection);
    }
    for (StoredMessage m : cmd.messages()) {
      if (!deliveries().due(m.id())) {
        continue; // acknowledged already, or a copy is still on its way to a bound resource
      }
      XmlElement delayed = Stanzas.withDelay(m.stanza(), domain, m.stamp());
      for (Resource t : targets) {
        t.connection().tell(new ConnectionMessage.Deliver(
            delayed, new Receipt(receipts(), deliveries().sent(m.id(), t.connection()))));
      }
    }
    return Effect().noReply();
  }

  private boolean isCurrentConnection(ActorRef<ConnectionMessage> connection) {
    Resource r = resources.byConnection(connection);
    return r != null && !resources.isParked(r.name());
  }

  /**
   * A receipt came back. For a roster removal ({@link RosterAnswers}) its result goes out. For an
   * offline copy that reached a connection (written, or held by a park) the stored message is
   * deleted; a copy that never gets here stays stored and goes out again with a later fetch.
   */
  private ReplyEffect<Event, Account> onReceiptReturned(Account state, ReceiptReturned cmd) {
    if (cmd.message() instanceof ConnectionMessage.Accepted a && RosterAnswers.owns(a.seq())) {
      releaseRosterAnswer(a.seq());
      return Effect().noReply();
    }
    if (cmd.message() instanceof ConnectionMessage.Accepted a && offlineDeliveries != null
        && offlineDeliveries.acknowledged(a.seq())) {
      deleteDeliveredOffline();
    }
    return Effect().noReply();
  }

  /** The adapter receipts come back through, created on first use. */
  private ActorRef<ConnectionMessage> receipts() {
    if (receiptAdapter == null) {
      receiptAdapter = ctx.messageAdapter(ConnectionMessage.class, ReceiptReturned::new);
    }
    return receiptAdapter;
  }

  /** Created by the first offline delivery: most entities never hold one. */
  private OfflineDeliveries deliveries() {
    if (offlineDeliveries == null) {
      offlineDeliveries = new OfflineDeliveries();
    }
    return offlineDeliveries;
  }

  private void deleteDeliveredOffline() {
    if (offlineDeliveries == null) {
      return;
    }
    List<UUID> batch = offlineDeliveries.startDeletion();
    if (!batch.isEmpty()) {
      ctx.pipeToSelf(offline.delete(user, batch), (ok, failure) -> new OfflineDeleted(batch, failure));
    }
  }

  private ReplyEffect<Event, Account> inboundPresence(
      Account state, XmlElement stanza, Jid from, String resource) {
    String type = stanza.attr("type");
    if (isSubscriptionType(type)) {
      if (from == null) {
        return Effect().noReply();
      }
      return onInboundSubscription(state, stanza, from.asBareJid(), type);
    }
    if ("probe".equals(type)) {
      if (from != null) {
        onProbe(state, from, resource);
      }
      return Effect().noReply();
    }
    if (from != null && from.hasResource() && !from.asBareJid().toString().equals(bare)) {
      // Tracked for every contact whose presence arrives; whether it may hear notifications (a
      // subscription from it) is decided when they go out, as it can change in between.
      if (type == null && state.item(from.asBareJid()) != null) {
        observeAvailable(from.toString(), stanza);
      } else if ("unavailable".equals(type)) {
        interests.unavailable(from.toString());
      }
    }
    if (resource != null) {
      Resource r = resources.get(resource);
      if (r != null) {
        deliver(r, stanza); // §8.5.3.1; otherwise §8.5.3.2.3: dropped
      }
    } else {
      resources.available().forEach(r -> deliver(r, stanza)); // §8.5.2.1.3
    }
    return Effect().noReply();
  }

  /** RFC 6121 §4.3.2: answer a probe with current presence, only to an authorised subscriber. */
  private void onProbe(Account state, Jid from, String resource) {
    RosterItem item = state.item(from.asBareJid());
    if (item == null || !item.subscription().hasFrom()) {
      routing.route(Stanzas.presence(bare, from.asBareJid().toString(), "unsubscribed"));
      return;
    }
    List<Resource> answering = new ArrayList<>();
    for (Resource r : resources.available()) {
      if (resource == null || r.name().equals(resource)) {
        answering.add(r);
      }
    }
    if (answering.isEmpty()) {
      routing.route(Stanzas.presence(bare, from.toString(), "unavailable"));
    }
    for (Resource r : answering) {
      routing.route(r.presence().withAttribute("to", from.toString()));
    }
  }

  private ReplyEffect<Event, Account> inboundIq(
      Account state, XmlElement stanza, Jid from, String resource) {
    String type = stanza.attr("type");
    if (resource != null) {
      Resource r = resources.get(resource);
      if (r != null) {
        deliver(r, stanza); // §8.5.3.1
      } else if (Stanzas.mayBounce(stanza)) {
        routing.route(Stanzas.error(stanza, "cancel", "service-unavailable")); // §8.5.3.2.2
      }
      return Effect().noReply();
    }
    if (!"get".equals(type) && !"set".equals(type)) {
      onCapsAnswer(stanza);
      return Effect().noReply();
    }
    if (forPep(stanza)) {
      pep.handle(user, stanza, routing);
      return Effect().noReply();
    }
    // §8.5.2.1.3 / §8.5.2.2.3: an IQ to the bare JID is answered by the account itself.
    routing.route(AccountIq.answer(state, stanza, domain, pep.features()));
    return Effect().noReply();
  }

  // ---------------------------------------------------------------------------------------------
  // IQs the user sends to their own account (no 'to', or the bare JID)

  private ReplyEffect<Event, Account> onOwnIq(
      Account state, String resource, XmlElement iq, boolean noTo) {
    String type = iq.attr("type");
    if (!"get".equals(type) && !"set".equals(type)) {
      onCapsAnswer(iq);
      return Effect().noReply(); // results to roster pushes and the like
    }
    if (noTo ? isPubSub(iq) : forPep(iq)) {
      pep.handle(user, noTo ? iq.withAttribute("to", bare) : iq, routing);
      return Effect().noReply();
    }
    XmlElement query = iq.firstElement().orElse(null);
    if (query == null) {
      deliverLocal(Stanzas.error(iq, "modify", "bad-request"));
      return Effect().noReply();
    }
    switch (query.namespace()) {
      case Stanzas.ROSTER:
        return "get".equals(type)
            ? onRosterGet(state, resource, iq, query)
            : onRosterSet(state, iq, query);
      case Stanzas.BLOCKING:
        return onBlocking(state, resource, iq, query);
      case Stanzas.VCARD:
        if ("set".equals(type) && query.name().equals("vCard")) {
          return Effect().persist(new VcardStored(query))
              .thenRun(s -> deliverLocal(Stanzas.result(iq)))
              .thenNoReply();
        }
        deliverLocal(AccountIq.answer(state, iq, domain, pep.features()));
        return Effect().noReply();
      case Stanzas.PRIVATE:
        return onPrivate(state, iq, query);
      default:
        if (noTo) {
          // RFC 6120 §10.3.3: handled by the server on the user's behalf (ping, version, disco).
          routing.route(iq.withAttribute("to", domain));
        } else {
          deliverLocal(AccountIq.answer(state, iq, domain, pep.features()));
        }
        return Effect().noReply();
    }
  }

  private ReplyEffect<Event, Account> onRosterGet(
      Account state, String resource, XmlElement iq, XmlElement query) {
    Resource r = resources.get(resource);
    if (r != null) {
      resources.put(r.withInterest());
    }
    String requested = query.attr("ver");
    String current = String.valueOf(state.rosterVersion());
    if (requested != null && requested.equals(current)) {
      deliverLocal(Stanzas.result(iq)); // RFC 6121 §2.6.3: unchanged, pushes will follow
    } else {
      deliverLocal(Stanzas.result(iq, RosterXml.query(state, requested != null)));
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, Account> onRosterSet(Account state, XmlElement iq, XmlElement query) {
    List<XmlElement> items = query.elements("item", Stanzas.ROSTER);
    if (items.size() != 1 || query.elements().size() != 1) {
      deliverLocal(Stanzas.error(iq, "modify", "bad-request")); // RFC 6121 §2.3.3
      return Effect().noReply();
    }
    XmlElement itemXml = items.get(0);
    Jid jid = Jids.parse(itemXml.attr("jid")).orElse(null);
    if (jid == null || jid.hasResource()) {
      deliverLocal(Stanzas.error(iq, "modify", jid == null ? "jid-malformed" : "bad-request"));
      return Effect().noReply();
    }
    BareJid contact = jid.asBareJid();
    if ("remove".equals(itemXml.attr("subscription"))) {
      return onRosterRemove(state, iq, contact);
    }
    String error = RosterXml.validateGroups(itemXml);
    if (error != null) {
      deliverLocal(Stanzas.error(iq, "modify", error));
      return Effect().noReply();
    }
    RosterItem existing = state.item(contact);
    RosterItem base = existing == null ? RosterItem.of(contact) : existing;
    RosterItem item = base.withNameAndGroups(emptyToNull(itemXml.attr("name")),
        RosterXml.groups(itemXml));
    return Effect().persist(new RosterItemSaved(item))
        .thenRun(s -> {
          deliverLocal(Stanzas.result(iq));
          push(s, RosterXml.item(item));
        })
        .thenNoReply();
  }

  /** RFC 6121 §2.5: remove the item, cancelling subscriptions both ways. */
  private ReplyEffect<Event, Account> onRosterRemove(Account state, XmlElement iq, BareJid contact) {
    RosterItem existing = state.item(contact);
    if (existing == null) {
      deliverLocal(Stanzas.error(iq, "cancel", "item-not-found"));
      return Effect().noReply();
    }
    ContactState before = state.contactState(contact);
    List<Event> events = new ArrayList<>(2);
    events.add(new RosterItemRemoved(contact));
    if (before.pendingIn()) {
      events.add(new SubscriptionRequestCleared(contact));
    }
    return Effect().persist(events)
        .thenRun(s -> {
          List<XmlElement> toContact = new ArrayList<>(3);
          if (before.to() || before.pendingOut()) {
            toContact.add(Stanzas.presence(bare, contact.toString(), "unsubscribe"));
          }
          if (before.from() || before.pendingIn()) {
            toContact.add(Stanzas.presence(bare, contact.toString(), "unsubscribed"));
          }
          if (before.from()) {
            toContact.addAll(unavailableTo(contact.toString()));
          }
          push(s, RosterXml.removedItem(contact));
          answerAfter(toContact, Stanzas.result(iq));
        })
        .thenNoReply();
  }

  /**
   * Routes {@code stanzas} to one contact, in order, and delivers {@code result} once the
   * contact's entity handled the last of them, or after {@link #ROSTER_ANSWER_WAIT}
   * ({@link RosterAnswers}). A remote contact's router acknowledges at once.
   */
  private void answerAfter(List<XmlElement> stanzas, XmlElement result) {
    if (stanzas.isEmpty()) {
      deliverLocal(result);
      return;
    }
    for (int i = 0; i < stanzas.size() - 1; i++) {
      routing.route(stanzas.get(i));
    }
    if (rosterAnswers == null) {
      rosterAnswers = new RosterAnswers();
    }
    long seq = rosterAnswers.hold(result);
    routing.route(stanzas.get(stanzas.size() - 1), new Receipt(receipts(), seq));
    ctx.scheduleOnce(ROSTER_ANSWER_WAIT, ctx.getSelf(), new RosterAnswerDue(seq));
  }

  private void releaseRosterAnswer(long seq) {
    XmlElement result = rosterAnswers == null ? null : rosterAnswers.release(seq);
    if (result != null) {
      deliverLocal(result);
    }
  }

  private void pushIfChanged(List<Event> events, Account state) {
    for (Event e : events) {
      if (e instanceof RosterItemSaved saved) {
        push(state, RosterXml.item(saved.item()));
      }
    }
  }

  /** RFC 6121 §2.1.6: a roster push to every interested resource. */
  private void push(Account state, XmlElement item) {
    XmlElement query = XmlElement.builder("query", Stanzas.ROSTER)
        .attr("ver", String.valueOf(state.rosterVersion()))
        .child(item)
        .build();
    for (Resource r : resources.all()) {
      if (r.interested()) {
        deliver(r, pushIq(r, query));
      }
    }
  }

  private XmlElement pushIq(Resource r, XmlElement payload) {
    return XmlElement.builder("iq", Stanzas.CLIENT)
        .attr("to", full(r.name()))
        .attr("id", "push-" + ctx.getSelf().path().uid() + "-" + (++pushCounter))
        .attr("type", "set")
        .child(payload)
        .build();
  }

  // XEP-0191 ------------------------------------------------------------------------------------

  private ReplyEffect<Event, Account> onBlocking(
      Account state, String resource, XmlElement iq, XmlElement query) {
    if ("get".equals(iq.attr("type")) && query.name().equals("blocklist")) {
      Resource r = resources.get(resource);
      if (r != null) {
        resources.put(r.withBlocklistInterest());
      }
      deliverLocal(Stanzas.result(iq, AccountIq.blocklist(state)));
      return Effect().noReply();
    }
    boolean block = query.name().equals("block");
    if (!"set".equals(iq.attr("type")) || !(block || query.name().equals("unblock"))) {
      deliverLocal(Stanzas.error(iq, "modify", "bad-request"));
      return Effect().noReply();
    }
    List<Jid> jids = new ArrayList<>();
    for (XmlElement item : query.elements("item", Stanzas.BLOCKING)) {
      Jid jid = Jids.parse(item.attr("jid")).orElse(null);
      if (jid == null) {
        deliverLocal(Stanzas.error(iq, "modify", "jid-malformed"));
        return Effect().noReply();
      }
      jids.add(jid);
    }
    if (block && jids.isEmpty()) {
      deliverLocal(Stanzas.error(iq, "modify", "bad-request")); // XEP-0191 §3.3
      return Effect().noReply();
    }
    Event event = !block && jids.isEmpty()
        ? BlocklistCleared.INSTANCE
        : block ? new JidsBlocked(List.copyOf(jids)) : new JidsUnblocked(List.copyOf(jids));
    List<Jid> affected = !block && jids.isEmpty() ? blockedJids(state) : jids;
    return Effect().persist(event)
        .thenRun(s -> {
          deliverLocal(Stanzas.result(iq));
          for (Resource r : resources.all()) {
            if (r.blocklistInterested()) {
              deliver(r, pushIq(r, query));
            }
          }
          presenceAfterBlocking(s, affected, block);
        })
        .thenNoReply();
  }

  private static List<Jid> blockedJids(Account state) {
    List<Jid> out = new ArrayList<>();
    for (String s : state.blocklist()) {
      Jids.parse(s).ifPresent(out::add);
    }
    return out;
  }

  /** XEP-0191 §3.3/§3.4: blocked subscribers see the user leave; unblocked ones see it return. */
  private void presenceAfterBlocking(Account state, List<Jid> jids, boolean blocked) {
    for (Jid jid : jids) {
      RosterItem item = jid.hasResource() ? null : state.item(jid.asBareJid());
      if (item == null || !item.subscription().hasFrom()) {
        continue;
      }
      if (blocked) {
        sendUnavailableTo(jid.toString());
      } else if (!state.isBlocked(jid)) {
        for (Resource r : resources.available()) {
          routing.route(r.presence().withAttribute("to", jid.toString()));
        }
      }
    }
  }

  // XEP-0049 ------------------------------------------------------------------------------------

  private ReplyEffect<Event, Account> onPrivate(Account state, XmlElement iq, XmlElement query) {
    List<XmlElement> children = query.elements();
    if (!query.name().equals("query") || children.size() != 1) {
      deliverLocal(Stanzas.error(iq, "modify", "bad-request"));
      return Effect().noReply();
    }
    XmlElement data = children.get(0);
    String ns = data.namespace();
    if (ns.isEmpty() || ns.equals(Stanzas.CLIENT) || ns.equals("jabber:server")
        || ns.startsWith("jabber:iq:")) {
      deliverLocal(Stanzas.error(iq, "modify", "not-acceptable")); // XEP-0049 §3
      return Effect().noReply();
    }
    if ("get".equals(iq.attr("type"))) {
      XmlElement stored = state.privateXml().get(Account.privateKey(data.name(), ns));
      deliverLocal(Stanzas.result(iq, XmlElement.builder("query", Stanzas.PRIVATE)
          .child(stored != null ? stored : XmlElement.of(data.name(), ns)).build()));
      return Effect().noReply();
    }
    return Effect().persist(new PrivateXmlStored(data))
        .thenRun(s -> deliverLocal(Stanzas.result(iq)))
        .thenNoReply();
  }

  // ---------------------------------------------------------------------------------------------
  // Delivery

  private void deliver(Resource r, XmlElement stanza) {
    if (resources.isParked(r.name())) {
      // XEP-0198: nothing is written to a parked session; a message waits in offline storage
      // and is delivered after the resumption, anything else is dropped.
      if (reroutable(stanza)) {
        storeOffline(stanza);
      }
      return;
    }
    r.connection().tell(new ConnectionMessage.Deliver(stanza, takeReceipt()));
  }

  /** A message that must not be lost with a session: chat or normal, not an error. */
  private static boolean reroutable(XmlElement stanza) {
    String type = Stanzas.type(stanza, "normal");
    return stanza.name().equals("message") && (type.equals("chat") || type.equals("normal"));
  }

  /** Delivers a stanza addressed to one of this user's own full JIDs (replies to own requests). */
  private void deliverLocal(XmlElement stanza) {
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (to == null || !to.hasResource()) {
      return;
    }
    Resource r = resources.get(to.getResourceOrThrow().toString());
    if (r != null) {
      deliver(r, stanza);
    }
  }

  private String full(String resource) {
    return bare + "/" + resource;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
