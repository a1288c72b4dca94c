package io.switchboard.sharding.router;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.component.ComponentRoutes;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.ResumeResult;
import io.switchboard.sharding.session.sm.SmTicket;
import io.switchboard.sharding.session.StanzaRouting;
import io.switchboard.sharding.session.UserSession;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.sharding.session.ResourceRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stanzas anywhere in the cluster. Thread-safe and non-blocking; one per node.
 *
 * <p>{@link #fromClient} is the single entry point for stanzas a client sends: it stamps
 * {@code from} with the sender's full JID (a client never chooses its own) and hands the stanza
 * to the sender's {@link UserSession}, which applies roster, presence, blocking and then calls
 * {@link #route} for whatever leaves the account. {@link #route} dispatches by {@code to}: a local
 * user → that user's entity; an external component's domain → the component; the domain itself or
 * a local service domain (such as {@code pubsub.<domain>}, any address at it) → its handler in
 * {@link Services}; any other domain → the {@link RemoteRouting} registered there (federation),
 * by default {@code remote-server-not-found} back to the sender.
 */
public final class Router implements StanzaRouting {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final ClusterSharding sharding;
  private final DomainBareJid domain;
  private final Services services;
  private final ComponentRoutes components;

  /** A router for {@code domain} alone (no service domains), its stanzas to {@code server}. */
  public Router(ClusterSharding sharding, DomainBareJid domain, ServerHandler server) {
    this(sharding, Services.of(domain, server, List.of()), ComponentRoutes.none());
  }

  /**
   * A router for {@code services.domain()}: stanzas to the domain and to its service domains go to
   * what {@code services} holds (looked up per stanza, so services registered after this Router was
   * made are found), stanzas to a configured component domain (XEP-0114) to that component's
   * connection, wherever in the cluster it is.
   */
  public Router(ClusterSharding sharding, Services services, ComponentRoutes components) {
    this.sharding = sharding;
    this.domain = services.domain();
    this.services = services;
    this.components = components;
  }

  public DomainBareJid domain() {
    return domain;
  }

  /** The domains this node answers itself. */
  public Services services() {
    return services;
  }

  /** A stanza the client bound as {@code sender} sent: stamp from, hand to the sender's entity. */
  public void fromClient(EntityFullJid sender, XmlElement stanza) {
    fromClient(sender, stanza, null);
  }

  /**
   * As {@link #fromClient(EntityFullJid, XmlElement)}, with the connection's {@link Receipt}
   * (acknowledged once the stanza was handled; null for none).
   */
  public void fromClient(EntityFullJid sender, XmlElement stanza, Receipt receipt) {
    XmlElement stamped = stanza.withAttribute("from", sender.toString());
    entity(sender.asEntityBareJid())
        .tell(new UserSession.FromClient(sender.getResourcepart().toString(), stamped, receipt));
  }

  /** Binds a connection as {@code jid} (see {@link UserSession.Bind}). */
  public CompletionStage<BindResult> bind(
      EntityFullJid jid, ActorRef<ConnectionMessage> connection, Duration timeout) {
    return bind(jid, connection, null, timeout);
  }

  /**
   * As above, for a login that read the account with its credentials: {@code accountCreatedAt}
   * (null if unknown) spares the entity reading the account again.
   */
  public CompletionStage<BindResult> bind(EntityFullJid jid, ActorRef<ConnectionMessage> connection,
      java.time.Instant accountCreatedAt, Duration timeout) {
    return entity(jid.asEntityBareJid()).ask(
        replyTo -> new UserSession.Bind(jid.getResourcepart().toString(), connection, replyTo,
            accountCreatedAt),
        timeout);
  }

  /**
   * Re-attaches a connection after its entity restarted (see {@link UserSession.Reattach}), with
   * the resource's last {@link ResourceRecord} and its XEP-0198 ticket (null for none).
   */
  public CompletionStage<BindResult> reattach(
      EntityFullJid jid, ActorRef<ConnectionMessage> connection, ResourceRecord record, SmTicket ticket,
      Duration timeout) {
    return entity(jid.asEntityBareJid()).ask(
        replyTo -> new UserSession.Reattach(jid.getResourcepart().toString(), connection, record, ticket, replyTo),
        timeout);
  }

  /** XEP-0198 resumption was enabled on {@code jid}'s stream (see {@link UserSession.StreamManagementEnabled}). */
  public void streamManagementEnabled(
      EntityFullJid jid, ActorRef<ConnectionMessage> connection, SmTicket ticket) {
    entity(jid.asEntityBareJid()).tell(new UserSession.StreamManagementEnabled(
        jid.getResourcepart().toString(), connection, ticket));
  }

  /** {@code jid}'s resumable stream dropped (see {@link UserSession.Park}). */
  public void park(
      EntityFullJid jid,
      ActorRef<ConnectionMessage> connection,
      long ackedBase,
      List<XmlElement> unacked,
      List<Receipt> receipts) {
    entity(jid.asEntityBareJid()).tell(new UserSession.Park(
        jid.getResourcepart().toString(), connection, ackedBase, unacked, receipts));
  }

  /** Resumes {@code jid}'s parked session on {@code connection} (see {@link UserSession.Resume}). */
  public CompletionStage<ResumeResult> resume(
      EntityFullJid jid,
      String token,
      long clientH,
      Duration resumeFor,
      ActorRef<ConnectionMessage> connection,
      Duration timeout) {
    return entity(jid.asEntityBareJid()).ask(
        replyTo -> new UserSession.Resume(jid.getResourcepart().toString(), token, clientH,
            resumeFor.toMillis(), connection, replyTo),
        timeout);
  }

  /** The connection bound as {@code jid} closed. */
  public void unbind(EntityFullJid jid, ActorRef<ConnectionMessage> connection) {
    entity(jid.asEntityBareJid())
        .tell(new UserSession.Unbind(jid.getResourcepart().toString(), connection));
  }

  /**
   * The account was deleted (XEP-0077 in-band removal): its entity closes every bound connection
   * with {@code not-authorized}, cancels its subscriptions, forgets its persisted state and deletes
   * its offline messages (see {@link UserSession.AccountDeleted}). Call after the account store
   * deleted the account.
   */
  public void accountDeleted(EntityBareJid user) {
    entity(user).tell(UserSession.AccountDeleted.INSTANCE);
  }

  /** The sharded entity of a local account. */
  public EntityRef<UserSession.Command> entity(EntityBareJid user) {
    return sharding.entityRefFor(UserSession.TYPE_KEY, user.toString());
  }

  /** Routes a stanza whose {@code from} is final. */
  @Override
  public void route(XmlElement stanza) {
    route(stanza, null);
  }

  /**
   * Routes a stanza whose {@code from} is final; to a local user the {@code receipt} travels with
   * it to the recipient's entity, anywhere else it is acknowledged once the stanza is handed on.
   */
  @Override
  public void route(XmlElement stanza, Receipt receipt) {
    if (receipt != null && !routeToUser(stanza, receipt)) {
      Services.Service service = serviceOf(stanza);
      if (service != null) {
        service.handler().handle(stanza, this, receipt); // the service acknowledges it
        return;
      }
      if (isRemote(stanza)) {
        services.remote().route(stanza, receipt, this);
        return;
      }
      route(stanza, null);
      receipt.ack();
      return;
    }
    if (receipt != null) {
      return;
    }
    String toAttr = stanza.attr("to");
    if (toAttr == null) {
      // No 'to' (RFC 6120 §10.3): the sender's own account handles it.
      Jid from = Jids.parse(stanza.attr("from")).orElse(null);
      EntityBareJid sender = from == null ? null : from.asEntityBareJidIfPossible();
      if (sender != null && from.getDomain().equals(domain)) {
        entity(sender).tell(new UserSession.Inbound(stanza.withAttribute("to", sender.toString())));
      } else {
        log.debug("dropping stanza with neither to nor a local sender");
      }
      return;
    }
    Jid to = Jids.parse(toAttr).orElse(null);
    if (to == null) {
      bounce(stanza, StanzaErrorCondition.JID_MALFORMED);
      return;
    }
    if (components.isComponent(to.asDomainBareJid())) {
      components.deliver(stanza);
      return;
    }
    java.util.Optional<Services.Service> service = services.service(to.asDomainBareJid());
    if (service.isPresent()) {
      // A service has no user accounts: every address at it is the service's to answer.
      service.get().handler().handle(stanza, this);
      return;
    }
    if (!to.getDomain().equals(domain)) {
      services.remote().route(stanza, null, this);
      return;
    }
    EntityBareJid user = to.asEntityBareJidIfPossible();
    if (user == null) {
      services.server().handle(stanza, this);
    } else {
      entity(user).tell(new UserSession.Inbound(stanza));
    }
  }

  /** The service domain {@code stanza} is addressed to (not a component), or null. */
  private Services.Service serviceOf(XmlElement stanza) {
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (to == null || components.isComponent(to.asDomainBareJid())) {
      return null;
    }
    return services.service(to.asDomainBareJid()).orElse(null);
  }

  /** Hands a stanza addressed to a local user (bare or full JID) to that user's entity. */
  private boolean routeToUser(XmlElement stanza, Receipt receipt) {
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    EntityBareJid user = to == null || !to.getDomain().equals(domain)
        ? null : to.asEntityBareJidIfPossible();
    if (user == null) {
      return false;
    }
    entity(user).tell(new UserSession.Inbound(stanza, receipt));
    return true;
  }

  /** Whether {@code to} is at a domain this cluster does not answer (its own, a service's, a component's). */
  private boolean isRemote(XmlElement stanza) {
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (to == null) {
      return false;
    }
    DomainBareJid d = to.asDomainBareJid();
    return !d.equals(domain) && !components.isComponent(d) && services.service(d).isEmpty();
  }

  private void bounce(XmlElement stanza, StanzaErrorCondition condition) {
    if (stanza.attr("from") == null) {
      return;
    }
    Stanzas.errorReply(stanza, StanzaError.of(condition))
        .map(e -> condition == StanzaErrorCondition.JID_MALFORMED ? e.withoutAttribute("from") : e)
        .ifPresent(this::route);
  }
}
