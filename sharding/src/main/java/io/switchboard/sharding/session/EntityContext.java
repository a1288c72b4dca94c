package io.switchboard.sharding.session;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.offline.OfflineInbox;
import io.switchboard.sharding.pep.PepInterest;
import io.switchboard.sharding.presence.PresenceBroadcast;
import io.switchboard.sharding.roster.RosterPushes;
import io.switchboard.sharding.roster.Subscriptions;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.UserSession.Command;
import io.switchboard.sharding.session.UserSession.ReceiptReturned;
import io.switchboard.sharding.session.sm.StreamManagement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * What the parts of one {@link UserSession} share: the account's identity, its bound resources, the
 * receipt of the stanza being handled, the actor's timers, watches and messages, and the parts
 * themselves. {@code UserSession} holds the behaviour (commands to parts, outcomes to effects); this
 * holds the wiring, so each part sees the entity only through {@link SessionContext}.
 */
final class EntityContext implements SessionContext {
  private final ActorContext<Command> ctx;
  private final EntityBareJid user;
  private final String bare;
  private final String domain;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final UserSessionSettings settings;
  private final SessionDependencies deps;
  private final PresenceBroadcast presence;
  private final Subscriptions subscriptions;
  private final OnlineResources resources = new OnlineResources();
  private final AccountCheck check;
  private final Binding binding;
  private final StreamManagement streamManagement;
  private final OfflineInbox inbox;
  private final PepInterest pep;
  /** Created by the first push or roster removal. */
  private RosterPushes rosterPushes;
  /** Where receipts come back (created on first use; Pekko keeps one adapter per message class). */
  private ActorRef<ConnectionMessage> receiptAdapter;
  /** The receipt of the FromClient or Inbound being handled (see {@link UserSession}'s withReceipt). */
  private Receipt receipt;
  /** What modules keep in memory for this account ({@link #memory}); empty until the first. */
  private java.util.Map<Class<?>, Object> moduleMemory = java.util.Map.of();

  EntityContext(
      ActorContext<Command> ctx, EntityBareJid user, ActorRef<ClusterSharding.ShardCommand> shard,
      UserSessionSettings settings, SessionDependencies deps, PresenceBroadcast presence, Subscriptions subscriptions) {
    this.ctx = ctx;
    this.user = user;
    this.bare = user.toString();
    this.domain = user.asDomainBareJid().toString();
    this.shard = shard;
    this.settings = settings;
    this.deps = deps;
    this.presence = presence;
    this.subscriptions = subscriptions;
    this.check = new AccountCheck(this, deps.accounts());
    this.binding = new Binding(this);
    this.streamManagement = new StreamManagement(this);
    this.inbox = new OfflineInbox(this, deps.offline(), deps.quotas().offlineWriteQueue(), deps.quotas().offlineWriteBatch());
    this.pep = new PepInterest(this, deps.pep(), deps.caps());
  }

  AccountCheck check() {
    return check;
  }

  /** The receipt of the stanza about to be handled; {@link #takeReceipt} passes it on. */
  void holdReceipt(Receipt r) {
    receipt = r;
  }

  /** Whether a roster push or removal is waiting for its acknowledgement (no pushes yet: none). */
  RosterPushes rosterPushesIfAny() {
    return rosterPushes;
  }

  @Override
  public EntityBareJid user() {
    return user;
  }

  @Override
  public String bare() {
    return bare;
  }

  @Override
  public String domain() {
    return domain;
  }

  @Override
  public Clock clock() {
    return deps.clock();
  }

  @Override
  public UserSessionSettings settings() {
    return settings;
  }

  @Override
  public StanzaRouting routing() {
    return deps.routing();
  }

  @Override
  public OnlineResources resources() {
    return resources;
  }

  @Override
  public void deliver(Resource r, XmlElement stanza) {
    if (resources.isParked(r.name())) {
      // XEP-0198: nothing is written to a parked session; a message waits in offline storage
      // and is delivered after the resumption, anything else is dropped.
      if (StreamManagement.mustNotBeLost(stanza)) {
        inbox.store(stanza);
      }
      return;
    }
    r.connection().tell(new ConnectionMessage.Deliver(stanza, takeReceipt()));
  }

  @Override
  public void deliverLocal(XmlElement stanza) {
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (to == null || !to.hasResource()) {
      return;
    }
    Resource r = resources.get(to.getResourceOrThrow().toString());
    if (r != null) {
      deliver(r, stanza);
    }
  }

  @Override
  public Receipt takeReceipt() {
    Receipt r = receipt;
    receipt = null;
    return r;
  }

  @Override
  public Receipt peekReceipt() {
    return receipt;
  }

  @Override
  public void replaceReceipt(Receipt changed) {
    receipt = changed;
  }

  @Override
  public <T> T memory(Class<T> type, java.util.function.Supplier<T> create) {
    Object m = moduleMemory.get(type);
    if (m == null) {
      m = create.get();
      moduleMemory = io.switchboard.protocol.util.EmptyUntilUsed.put(moduleMemory, type, m);
    }
    return type.cast(m);
  }

  @Override
  public ActorRef<ConnectionMessage> receipts() {
    if (receiptAdapter == null) {
      receiptAdapter = ctx.messageAdapter(ConnectionMessage.class, ReceiptReturned::new);
    }
    return receiptAdapter;
  }

  @Override
  public ActorRef<Command> self() {
    return ctx.getSelf();
  }

  @Override
  public void tellSelf(Command command) {
    ctx.getSelf().tell(command);
  }

  @Override
  public Cancellable scheduleOnce(Duration delay, Command command) {
    return ctx.scheduleOnce(delay, ctx.getSelf(), command);
  }

  @Override
  public <T> void pipeToSelf(CompletionStage<T> future, BiFunction<T, Throwable, Command> adapt) {
    ctx.pipeToSelf(future, adapt::apply);
  }

  @Override
  public void watch(ActorRef<ConnectionMessage> connection, Command onTerminated) {
    ctx.watchWith(connection, onTerminated);
  }

  @Override
  public void unwatch(ActorRef<ConnectionMessage> connection) {
    ctx.unwatch(connection);
  }

  @Override
  public String nodeOf(ActorRef<?> connection) {
    org.apache.pekko.actor.Address a = connection.path().address();
    return (a.hasGlobalScope() ? a : ctx.getSystem().address()).toString();
  }

  @Override
  public boolean isMember(String node) {
    try {
      for (org.apache.pekko.cluster.Member m : org.apache.pekko.cluster.typed.Cluster.get(ctx.getSystem()).state()
          .getMembers()) {
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

  @Override
  public void passivate() {
    deps.lifecycle().passivated();
    shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
  }

  @Override
  public Binding binding() {
    return binding;
  }

  @Override
  public StreamManagement streamManagement() {
    return streamManagement;
  }

  @Override
  public OfflineInbox inbox() {
    return inbox;
  }

  @Override
  public PepInterest pep() {
    return pep;
  }

  @Override
  public RosterPushes rosterPushes() {
    if (rosterPushes == null) {
      rosterPushes = new RosterPushes(this);
    }
    return rosterPushes;
  }

  @Override
  public PresenceBroadcast presence() {
    return presence;
  }

  @Override
  public Subscriptions subscriptions() {
    return subscriptions;
  }

  @Override
  public Modules modules() {
    return deps.modules();
  }
}
