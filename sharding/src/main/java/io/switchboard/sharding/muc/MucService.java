package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.disco.DiscoInfo;
import io.switchboard.protocol.disco.DiscoItems;
import io.switchboard.protocol.disco.Identity;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XEP-0045 service at {@code <subdomain>.<domain>} (registered in the Router's
 * {@code Services}): it answers what is addressed to the service itself (disco#info; disco#items,
 * the public rooms from the {@link RoomDirectory}, paged with XEP-0059; XEP-0307 unique room
 * names; pings) and hands everything addressed to a room or an occupant JID to that room's
 * {@link MucRoom} entity, with the sender's receipt and the node it came through. It holds no
 * state and never blocks.
 */
public final class MucService implements ServerHandler {
  private static final Logger log = LoggerFactory.getLogger(MucService.class);

  /** Features of the service; each is implemented (see the tests). */
  static final List<String> FEATURES = List.of(
      Namespaces.MUC,
      Namespaces.MUC_UNIQUE,
      Namespaces.MUC_SELF_PING,
      Namespaces.OCCUPANT_ID,
      Namespaces.SID,
      RoomDisco.STABLE_ID,
      Namespaces.RSM,
      Namespaces.DISCO_INFO,
      Namespaces.DISCO_ITEMS,
      Namespaces.PING);

  /** What the service needs from its node. */
  public record Dependencies(String domain, MucSettings settings, RoomArchive archive, RoomDirectory directory,
      SessionCheck sessions, StanzaRouting routing, Clock clock, RoomCounts counts,
      io.switchboard.sharding.EntityLifecycle lifecycle) {}

  private final String serviceJid;
  private final MucSettings settings;
  private final RoomDirectory directory;
  private final RoomGateway rooms;
  private final String self;

  MucService(String serviceJid, MucSettings settings, RoomDirectory directory, RoomGateway rooms, String self) {
    this.serviceJid = serviceJid;
    this.settings = settings;
    this.directory = directory;
    this.rooms = rooms;
    this.self = self;
  }

  /** Registers the room entities and this node's relays; call once per node. */
  public static MucService init(ActorSystem<?> system, int numberOfShards, Dependencies deps) {
    String self = Cluster.get(system).selfMember().address().toString();
    RelayDirectory relays = RelayDirectory.start(system, self, deps.routing(), deps.settings());
    MucRoom.init(system, numberOfShards, new MucRoom.Deps(deps.domain(), deps.settings(), deps.archive(),
        deps.directory(), deps.sessions(), relays, deps.clock(), deps.counts(), deps.lifecycle()));
    RoomGateway gateway = RoomGateway.sharded(ClusterSharding.get(system), deps.settings().askTimeout());
    return new MucService(deps.settings().subdomain() + "." + deps.domain(), deps.settings(), deps.directory(),
        gateway, self);
  }

  /** The service's JID, {@code <subdomain>.<domain>}. */
  public String jid() {
    return serviceJid;
  }

  @Override
  public void handle(XmlElement stanza, StanzaRouting replies) {
    handle(stanza, replies, null);
  }

  @Override
  public void handle(XmlElement stanza, StanzaRouting replies, Receipt receipt) {
    Jid to = Jids.parse(stanza.attr("to")).orElse(null);
    if (to == null) {
      Receipt.ack(receipt);
      return;
    }
    if (to.hasLocalpart()) {
      rooms.tell(to.asBareJid().toString(), new MucRoom.Inbound(stanza, receipt, self));
      return;
    }
    try {
      serviceStanza(stanza, replies);
    } finally {
      Receipt.ack(receipt);
    }
  }

  private void serviceStanza(XmlElement stanza, StanzaRouting replies) {
    if (stanza.attr("from") == null || !Stanzas.mayBounce(stanza)) {
      return;
    }
    switch (stanza.name()) {
      case "iq" -> answer(stanza).thenAccept(replies::route);
      case "message" -> {
        String type = stanza.attr("type");
        if (!"headline".equals(type)) {
          Stanzas.errorReply(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE).ifPresent(replies::route);
        }
      }
      default -> { } // presence to the service itself means nothing
    }
  }

  /** The answer to an IQ get/set addressed to the service itself. */
  CompletionStage<XmlElement> answer(XmlElement iq) {
    String type = iq.attr("type");
    XmlElement p = iq.elements().size() == 1 ? iq.elements().get(0) : null;
    if (p == null) {
      return done(error(iq, StanzaErrorCondition.BAD_REQUEST));
    }
    boolean get = "get".equals(type);
    if (get && p.is("query", Namespaces.DISCO_INFO) && p.attr("node") == null) {
      return done(Stanzas.iqResult(iq, new DiscoInfo(null,
          List.of(new Identity("conference", "text", settings.name())), FEATURES).toElement()));
    }
    if (get && p.is("query", Namespaces.DISCO_ITEMS) && p.attr("node") == null) {
      return publicRooms(iq, p);
    }
    if (get && p.is("unique", Namespaces.MUC_UNIQUE)) {
      return unique(iq, 3);
    }
    if (get && p.is("ping", Namespaces.PING)) {
      return done(Stanzas.iqResult(iq));
    }
    return done(error(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE));
  }

  /** §6.3 with XEP-0059: a page of the public rooms, in name order. */
  private CompletionStage<XmlElement> publicRooms(XmlElement iq, XmlElement query) {
    XmlElement set = query.child("set", Namespaces.RSM).orElse(null);
    int max = settings.directoryPageSize();
    String after = null;
    String before = null;
    if (set != null) {
      Optional<String> m = set.childText("max", Namespaces.RSM);
      if (m.isPresent()) {
        try {
          max = Math.min(max, Math.max(0, Integer.parseInt(m.get().trim())));
        } catch (NumberFormatException e) {
          return done(error(iq, StanzaErrorCondition.BAD_REQUEST));
        }
      }
      after = set.childText("after", Namespaces.RSM).map(MucService::localOf).orElse(null);
      before = set.childText("before", Namespaces.RSM).map(MucService::localOf).orElse(null);
      if (set.child("index", Namespaces.RSM).isPresent()) {
        return done(error(iq, StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED));
      }
    }
    if (max == 0) {
      return done(Stanzas.iqResult(iq, XmlElement.builder("query", Namespaces.DISCO_ITEMS)
          .child(XmlElement.of("set", Namespaces.RSM)).build()));
    }
    boolean paged = set != null;
    return directory.publicRooms(serviceJid, after, before, max).handle((page, e) -> {
      if (e != null) {
        log.warn("room directory of {} not read: {}", serviceJid, e.toString());
        return error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR);
      }
      List<DiscoItems.Item> items = new ArrayList<>();
      for (RoomDirectory.Listing l : page.rooms()) {
        items.add(new DiscoItems.Item(l.room() + "@" + serviceJid, null,
            l.name() == null || l.name().isEmpty() ? l.room() : l.name()));
      }
      XmlElement q = new DiscoItems(null, items).toElement();
      if ((paged || page.more()) && !items.isEmpty()) {
        q = q.withChild(XmlElement.builder("set", Namespaces.RSM)
            .child(XmlElement.builder("first", Namespaces.RSM).text(items.get(0).jid()))
            .child(XmlElement.builder("last", Namespaces.RSM).text(items.get(items.size() - 1).jid()))
            .build());
      } else if (paged) {
        q = q.withChild(XmlElement.of("set", Namespaces.RSM));
      }
      return Stanzas.iqResult(iq, q);
    });
  }

  /** XEP-0307: a room name nobody uses (checked against the directory). */
  private CompletionStage<XmlElement> unique(XmlElement iq, int attempts) {
    String name = OccupantIds.uniqueName();
    return directory.exists(serviceJid, name).thenCompose(taken -> {
      if (!taken) {
        return done(Stanzas.iqResult(iq, XmlElement.builder("unique", Namespaces.MUC_UNIQUE)
            .text(name + "@" + serviceJid).build()));
      }
      return attempts > 1 ? unique(iq, attempts - 1) : done(error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR));
    }).exceptionally(e -> error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR));
  }

  /** An RSM cursor (a room JID or a bare name) as the directory's room name. */
  private static String localOf(String cursor) {
    String c = cursor.trim();
    int at = c.indexOf('@');
    return at < 0 ? c : c.substring(0, at);
  }

  // ---------------------------------------------------------------------------------------------
  // Operations (API, CLI)

  /** Every room of the service in the directory. */
  public CompletionStage<List<RoomDirectory.Listing>> rooms() {
    return directory.all(serviceJid);
  }

  /** The journaled state of {@code room} (its local part). */
  public CompletionStage<RoomState> state(String room) {
    return rooms.ask(room + "@" + serviceJid, MucRoom.GetState::new);
  }

  /** Destroys {@code room} (its local part) as an owner would; true when it existed. */
  public CompletionStage<Boolean> destroy(String room, String reason, String alternate) {
    return rooms.<MucRoom.Destroyed>ask(room + "@" + serviceJid,
            replyTo -> new MucRoom.Destroy(reason, alternate, replyTo))
        .thenApply(MucRoom.Destroyed::existed);
  }

  private static XmlElement error(XmlElement iq, StanzaErrorCondition c) {
    return Stanzas.errorReply(iq, StanzaError.of(c)).orElseThrow();
  }

  private static CompletionStage<XmlElement> done(XmlElement e) {
    return CompletableFuture.completedFuture(e);
  }
}
