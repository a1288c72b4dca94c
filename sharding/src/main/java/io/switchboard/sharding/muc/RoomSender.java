package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.StanzaId;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what a decision decided, once its gate opened ({@link RoomOutbox}): completes the
 * {@link Outgoing} that need what only the entity holds (the history at hand, a message's archive
 * id as its XEP-0359 stanza-id, the ids of IQs passed through), hands the stanzas to
 * {@link Deliveries} grouped by the node of each recipient ({@link SessionRoutes}), and
 * acknowledges the request's receipt, at once ({@link RequestCopies}: a copy of the request sent
 * again is not answered twice) or, for a groupchat message, once it is delivered
 * ({@link GroupchatAcks}). Owned by the entity's actor.
 */
final class RoomSender {
  private static final Logger log = LoggerFactory.getLogger(RoomSender.class);

  private final String room;
  private final Clock clock;
  private final HistoryCache history;
  private final IqPassThrough passThrough = new IqPassThrough(1000);
  private final Deliveries deliveries;
  private final SessionRoutes routes;
  private final GroupchatAcks acks;
  private final RequestCopies copies;
  private final RoomOutbox outbox;
  private final Consumer<Outgoing.ArchiveQuery> archiveQueries;

  /** {@code archiveQueries} runs a XEP-0313 query and later {@link #send}s its answer. */
  RoomSender(String room, Clock clock, int historySize, Deliveries deliveries, SessionRoutes routes,
      GroupchatAcks acks, RequestCopies copies, RoomOutbox outbox, Consumer<Outgoing.ArchiveQuery> archiveQueries) {
    this.room = room;
    this.clock = clock;
    this.history = new HistoryCache(historySize);
    this.deliveries = deliveries;
    this.routes = routes;
    this.acks = acks;
    this.copies = copies;
    this.outbox = outbox;
    this.archiveQueries = archiveQueries;
  }

  /** The newest archived messages, loaded when the room started: its history, and known to resends. */
  void loaded(List<RoomArchive.Archived> messages) {
    for (RoomArchive.Archived a : messages) {
      XmlElement m = withStanzaId(a.message(), a.id());
      history.add(m, a.stamp());
      acks.archivedEarlier(m);
    }
  }

  /** Whether {@code stanza} is an IQ answer to an occupant JID: the answer to an IQ passed through (§7.5). */
  static boolean isPassedBack(XmlElement stanza) {
    return stanza.name().equals("iq") && stanza.attr("to") != null && stanza.attr("to").indexOf('/') > 0
        && ("result".equals(stanza.attr("type")) || "error".equals(stanza.attr("type")));
  }

  /** Passes {@code answer} back to the requester, from the target's occupant JID, if it answers one passed on. */
  void passBack(XmlElement answer) {
    Optional<XmlElement> back = passThrough.answer(answer);
    back.ifPresent(a -> send(List.of(new Outgoing.Send(a))));
  }

  /** Queues {@code out} behind everything queued before, with no gate and no receipt. */
  void send(List<Outgoing> out) {
    outbox.add(null, () -> release(List.of(), out, Map.of(), clock.instant(), null));
  }

  /** Sends a decision's stanzas, once its gate opened, and acknowledges its receipt. */
  void release(List<RoomEvent> events, List<Outgoing> out, Map<Outgoing.Broadcast, CompletableFuture<String>> archived,
      Instant stamp, Receipt receipt) {
    for (RoomEvent e : events) {
      if (e instanceof RoomEvent.RoomDestroyed) {
        history.clear();
        acks.clear();
        routes.clear();
      }
    }
    List<MucRelay.Part> parts = new ArrayList<>();
    String broadcastKey = null;
    boolean broadcast = false;
    for (Outgoing o : out) {
      if (o instanceof Outgoing.Send s) {
        parts.add(new MucRelay.Part(s.stanza(), List.of()));
      } else if (o instanceof Outgoing.Fanout f) {
        if (!f.recipients().isEmpty()) {
          parts.add(new MucRelay.Part(f.template(), f.recipients()));
        }
      } else if (o instanceof Outgoing.History h) {
        for (XmlElement m : history.select(h.join(), h.defaultMessages(), clock.instant(), room, h.fullJid())) {
          parts.add(new MucRelay.Part(m, List.of()));
        }
      } else if (o instanceof Outgoing.Broadcast b) {
        XmlElement message = b.message();
        CompletableFuture<String> id = archived.get(b);
        if (id != null && !id.isCompletedExceptionally()) {
          message = withStanzaId(message, id.join());
          history.add(message, stamp);
        } else {
          log.warn("{}: message not archived ({}); sent without a stanza-id", room,
              id == null ? "no archive" : id.handle((v, e) -> String.valueOf(e)).join());
        }
        broadcast = true;
        broadcastKey = b.dedupeKey();
        if (!b.recipients().isEmpty()) {
          parts.add(new MucRelay.Part(message, b.recipients()));
        }
      } else if (o instanceof Outgoing.ForwardIq f) {
        parts.add(new MucRelay.Part(passThrough.forward(f.iq(), f.target(), f.asOccupant()), List.of()));
      } else if (o instanceof Outgoing.ArchiveQuery q) {
        archiveQueries.accept(q); // answered later, behind what this decision sends
      }
    }
    Set<Long> seqs = parts.isEmpty() ? Set.of() : deliveries.send(parts, routes::nodeOf);
    if (broadcast) {
      acks.sent(seqs, broadcastKey, receipt);
    } else {
      copies.ack(receipt);
    }
  }

  /** {@code message} with the room's XEP-0359 stanza-id (replacing any other by the room). */
  private XmlElement withStanzaId(XmlElement message, String id) {
    return message.withChild(new StanzaId(id, room).toElement());
  }
}
