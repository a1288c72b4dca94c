package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.offline.OfflineInbox;
import io.switchboard.sharding.pep.PepInterest;
import io.switchboard.sharding.presence.PresenceBroadcast;
import io.switchboard.sharding.roster.RosterPushes;
import io.switchboard.sharding.roster.Subscriptions;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.sm.StreamManagement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.jxmpp.jid.EntityBareJid;

/**
 * What one {@link UserSession} offers its parts: who the account is, its bound resources, the way
 * out (routing and delivery to its own connections), the receipt of the command being handled,
 * timers and asynchronous results, and the other parts. Implemented by the entity itself; only
 * ever used on the entity's actor thread.
 *
 * <p>Parts are of two kinds. Those with state of their own for one account (the account check,
 * binding, stream management, the offline inbox, PEP interest, roster pushes) exist once per
 * entity and are reached through this context. The others (presence broadcast, subscriptions,
 * the IQ handlers of registered modules) hold no per-account state; one instance per node serves
 * every entity, given this context.
 */
public interface SessionContext {

  EntityBareJid user();

  /** The account's bare JID as a string. */
  String bare();

  /** The account's domain. */
  String domain();

  /** {@code bare/resource}. */
  default String full(String resource) {
    return bare() + "/" + resource;
  }

  Clock clock();

  UserSessionSettings settings();

  /** The way to every other entity, service and domain. */
  StanzaRouting routing();

  /** The resources bound now (in memory; see {@link OnlineResources}). */
  OnlineResources resources();

  /**
   * Hands {@code stanza} to the connection of {@code r}, with the current command's receipt if it
   * has not been taken. A parked resource (XEP-0198) gets nothing written; a message that must not
   * be lost goes to offline storage instead.
   */
  void deliver(Resource r, XmlElement stanza);

  /** Delivers a stanza addressed to one of the account's own full JIDs (answers to its requests). */
  void deliverLocal(XmlElement stanza);

  /** The receipt of the {@code FromClient} or {@code Inbound} being handled, for the one delivery that completes it. */
  Receipt takeReceipt();

  /** The current receipt without taking it (null when none or taken). */
  Receipt peekReceipt();

  /**
   * Puts back the current receipt, changed (an archive joined it, see {@link Receipt}); the one
   * delivery that completes the command takes it as changed.
   */
  void replaceReceipt(Receipt changed);

  /** Where receipts this entity hands out come back ({@link UserSession} turns them into commands). */
  ActorRef<ConnectionMessage> receipts();

  ActorRef<UserSession.Command> self();

  void tellSelf(UserSession.Command command);

  Cancellable scheduleOnce(Duration delay, UserSession.Command command);

  /** Runs {@code adapt} on the entity's thread when {@code future} completes. */
  <T> void pipeToSelf(CompletionStage<T> future, BiFunction<T, Throwable, UserSession.Command> adapt);

  /** Watches a connection; its end arrives as {@code onTerminated}. */
  void watch(ActorRef<ConnectionMessage> connection, UserSession.Command onTerminated);

  void unwatch(ActorRef<ConnectionMessage> connection);

  /** The cluster node a connection lives on, as an address string. */
  String nodeOf(ActorRef<?> connection);

  /** Whether a node (address string) is still a cluster member (always true outside a cluster). */
  boolean isMember(String node);

  /** Asks sharding to stop this entity (passivation). */
  void passivate();

  /**
   * What a module keeps in memory for this account (never persisted; a restarted entity starts
   * without it): the instance of {@code type}, made by {@code create} on first use.
   */
  <T> T memory(Class<T> type, java.util.function.Supplier<T> create);

  // The parts with per-account state.

  Binding binding();

  StreamManagement streamManagement();

  OfflineInbox inbox();

  PepInterest pep();

  RosterPushes rosterPushes();

  // The stateless parts, shared by every entity of the node.

  PresenceBroadcast presence();

  Subscriptions subscriptions();

  /** Everything the registered modules contribute (IQ handlers, delivery stages). */
  io.switchboard.sharding.module.Modules modules();
}
