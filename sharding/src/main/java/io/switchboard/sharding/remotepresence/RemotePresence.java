package io.switchboard.sharding.remotepresence;

import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.InboundPresenceObserver;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ModuleCommand;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.jxmpp.jid.Jid;

/**
 * Unavailable presence for remote contacts whose server is lost (issue #20). RFC 6121 has no
 * rule for a lost server-to-server stream; it lets a server guard against "ghost" contacts
 * (§4.3.1: a server MAY probe a contact it has heard nothing from) and has the server generate
 * unavailable presence on a user's behalf when the user vanishes ungracefully (§4.5.2). This
 * module does the latter for remote contacts, as the contact's own server can no longer do it:
 * each account remembers which remote full JIDs sent its resources available presence
 * ({@link RemoteContacts}); when {@link PeerStreams} announces that no stream from their domain is
 * left in the cluster ({@link PeerLost}), the account's resources that saw them available get
 * {@code <presence type='unavailable'/>} from each of those full JIDs. When a stream from the
 * domain authenticates again ({@link PeerReturned}), the account probes (§4.3) the bare JIDs it
 * saw there that it is still subscribed to (roster subscription to/both, not blocked), so that
 * the contacts' server answers with their current presence.
 *
 * <p>A domain counts as remote when it is neither the account's domain nor one of its
 * subdomains (the services: {@code pubsub.}, {@code conference.}).
 */
public final class RemotePresence implements Module, InboundPresenceObserver {
  private final RemotePresenceSettings settings;
  private final ActorRef<PeerLossRelay.Command> relay;
  private final ActorRef<Topic.Command<PeerEvent>> topic;

  private RemotePresence(RemotePresenceSettings settings, ActorRef<PeerLossRelay.Command> relay,
      ActorRef<Topic.Command<PeerEvent>> topic) {
    this.settings = settings;
    this.relay = relay;
    this.topic = topic;
  }

  /** Starts this node's topic subscriber and relay. */
  public static RemotePresence start(ActorSystem<?> system, RemotePresenceSettings settings) {
    ActorRef<Topic.Command<PeerEvent>> topic =
        system.systemActorOf(Topic.create(PeerEvent.class, PeerLossRelay.TOPIC), "s2s-peer-lost", Props.empty());
    RemotePresence[] self = new RemotePresence[1];
    ActorRef<PeerLossRelay.Command> relay = system.systemActorOf(
        PeerLossRelay.create(topic, domain -> new DomainLost(domain, self[0]),
            domain -> new DomainReturned(domain, self[0])), "s2s-peer-loss-relay", Props.empty());
    self[0] = new RemotePresence(settings, relay, topic);
    return self[0];
  }

  /** Where {@link PeerStreams} publishes. */
  public ActorRef<Topic.Command<PeerEvent>> topic() {
    return topic;
  }

  @Override
  public String name() {
    return "RFC 6121 unavailable presence for lost remote domains";
  }

  @Override
  public List<InboundPresenceObserver> presenceObservers() {
    return settings.enabled() ? List.of(this) : List.of();
  }

  @Override
  public void observe(SessionContext ctx, Account state, XmlElement presence, Jid from, String resource) {
    String domain = from.getDomain().toString();
    if (domain.equals(ctx.domain()) || domain.endsWith("." + ctx.domain())) {
      return;
    }
    PresenceType type = PresenceType.of(presence).orElse(null);
    RemoteContacts contacts = ctx.memory(RemoteContacts.class, () -> new RemoteContacts(settings.maxPerAccount()));
    if (type == PresenceType.AVAILABLE && from.hasResource()) {
      if (resource != null && ctx.resources().get(resource) == null) {
        return; // not delivered (RFC 6121 §8.5.3.2.3)
      }
      Set<String> to = resource != null ? Set.of(resource)
          : ctx.resources().available().stream().map(Resource::name).collect(Collectors.toSet());
      if (to.isEmpty()) {
        return;
      }
      contacts.available(from.toString(), domain, to).forEach(d -> relay.tell(new PeerLossRelay.Register(d, ctx.self())));
      contacts.trim().forEach(d -> relay.tell(new PeerLossRelay.Unregister(d, ctx.self())));
    } else if (type == PresenceType.UNAVAILABLE && contacts.size() > 0) {
      contacts.unavailable(from.toString()).forEach(d -> relay.tell(new PeerLossRelay.Unregister(d, ctx.self())));
    }
  }

  /** The relay's command to one entity: {@code domain} is lost. Local only, never serialized. */
  record DomainLost(String domain, RemotePresence module) implements ModuleCommand {
    @Override
    public Outcome run(SessionContext ctx, Account state) {
      return module.onLost(ctx, domain);
    }
  }

  private Outcome onLost(SessionContext ctx, String domain) {
    RemoteContacts contacts = ctx.memory(RemoteContacts.class, () -> new RemoteContacts(settings.maxPerAccount()));
    for (RemoteContacts.Seen seen : contacts.lost(domain)) {
      for (String name : seen.resources()) {
        Resource r = ctx.resources().get(name);
        if (r != null && r.available()) {
          ctx.deliver(r, Stanzas.presence(seen.full(), ctx.full(name), PresenceType.UNAVAILABLE));
        }
      }
      ctx.pep().unavailable(seen.full());
    }
    if (!contacts.watches(domain)) {
      relay.tell(new PeerLossRelay.Unregister(domain, ctx.self()));
    }
    return Outcome.none();
  }

  /** The relay's command to one entity: {@code domain} came back. Local only, never serialized. */
  record DomainReturned(String domain, RemotePresence module) implements ModuleCommand {
    @Override
    public Outcome run(SessionContext ctx, Account state) {
      return module.onReturned(ctx, state, domain);
    }
  }

  private Outcome onReturned(SessionContext ctx, Account state, String domain) {
    RemoteContacts contacts = ctx.memory(RemoteContacts.class, () -> new RemoteContacts(settings.maxPerAccount()));
    for (String bare : contacts.returned(domain)) {
      if (probes(state, bare)) {
        ctx.routing().route(Stanzas.presence(ctx.bare(), bare, PresenceType.PROBE));
      }
    }
    if (!contacts.watches(domain)) {
      relay.tell(new PeerLossRelay.Unregister(domain, ctx.self()));
    }
    return Outcome.none();
  }

  /** RFC 6121 §4.3: a probe only for a contact the account is subscribed to (to/both) and has not blocked. */
  static boolean probes(Account state, String bare) {
    RosterItem item = state.rosterItems().get(bare);
    return item != null && item.subscription().hasTo() && !state.isBlocked(item.jid());
  }
}
