package io.switchboard.sharding.mam;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.sid.StanzaIds;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.session.Receipt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0313 archives of MUC rooms (§3.3.2, §6.1.2), for the room entity to call; the same store
 * and the same query rules as account archives. The room decides who may query (§6.1.2: the
 * right to enter the room) and calls:
 *
 * <ul>
 *   <li>{@link #archive} with every groupchat message it accepted, before broadcasting it: it
 *       stores the message once and returns it stamped with the room's XEP-0359 stanza-id, which
 *       the room then sends to every occupant;
 *   <li>{@link #answer} with a MAM IQ addressed to the room's bare JID (query, query form,
 *       metadata), and sends what it completes with, in order;
 *   <li>{@link #features} in the room's disco#info.
 * </ul>
 *
 * The write runs behind the broadcast with the same acknowledgement rule as accounts' (see
 * {@link ArchiveWriter}): the sender's {@link Receipt}, when the room passes it, waits for the
 * room's archive too. Stateless; one per node.
 */
public final class RoomArchive {
  private static final Logger log = LoggerFactory.getLogger(RoomArchive.class);

  private final MessageArchive archive;
  private final MamSettings settings;
  private final Clock clock;

  public RoomArchive(MessageArchive archive, MamSettings settings, Clock clock) {
    this.archive = archive;
    this.settings = settings;
    this.clock = clock;
  }

  /** What the room announces in its disco#info when its archive is on. */
  public List<String> features() {
    return List.of(Namespaces.MAM, Namespaces.MAM_EXTENDED, Namespaces.SID);
  }

  /** The archived message and the receipt to pass on with its broadcast. */
  public record Archived(XmlElement message, Receipt receipt) {}

  /**
   * Archives a groupchat message of {@code room} sent by occupant {@code nick}, and returns it
   * stamped with the room's stanza-id (any stanza-id by the room the sender put in is removed
   * first), with {@code receipt} (null for none) now waiting for the write.
   *
   * <p>What is stored follows §6.1.2: no {@code to}, {@code from} the occupant's room JID, and no
   * {@code muc#user} element of the sender's (the archive must not keep a spoofed one).
   */
  public Archived archive(EntityBareJid room, String nick, XmlElement message, Receipt receipt) {
    String by = room.toString();
    XmlElement clean = StanzaIds.withoutStanzaIdsBy(message, by);
    UUID id = receipt != null && receipt.id() != null ? receipt.id() : MessageIds.next(clock.millis());
    List<XmlNode> kept = new ArrayList<>(clean.children().size());
    for (XmlNode n : clean.children()) {
      if (!(n instanceof XmlElement e && e.is("x", Namespaces.MUC_USER))) {
        kept.add(n);
      }
    }
    String occupant = by + "/" + nick;
    XmlElement stored = clean.withChildren(kept).withoutAttribute("to").withAttribute("from", occupant);
    Receipt joined = receipt == null ? null : receipt.withArchive(by);
    archive.append(room, new ArchiveEntry(id, MessageIds.instantOf(id), occupant, false, stored))
        .whenComplete((ok, failure) -> {
          if (failure != null) {
            log.warn("{}: archiving message {} failed: {}", by, id, failure.toString());
          } else if (receipt != null) {
            receipt.archived(by);
          }
        });
    return new Archived(clean.withChild(StanzaIds.stanzaId(id.toString(), by)), joined);
  }

  /**
   * Answers a MAM IQ to {@code room} from an entitled requester ({@code iq} has its from
   * stamped): the stanzas to send it, in order (result messages, then the IQ result), or the
   * error.
   */
  public CompletionStage<List<XmlElement>> answer(EntityBareJid room, XmlElement iq) {
    String roomJid = room.toString();
    String requester = iq.attr("from");
    XmlElement payload = iq.firstElement().orElse(null);
    boolean get = "get".equals(iq.attr("type"));
    if (payload == null || !payload.namespace().equals(Namespaces.MAM)) {
      return done(error(iq, roomJid, StanzaError.of(StanzaErrorCondition.BAD_REQUEST)));
    }
    if (payload.name().equals("query") && get) {
      return done(Stanzas.iqResult(iq, ArchiveResults.form()).withAttribute("from", roomJid));
    }
    if (payload.name().equals("metadata") && get) {
      return archive.edge(room, false).thenCombine(archive.edge(room, true),
          (first, last) -> List.of(Stanzas.iqResult(iq, ArchiveResults.metadata(first.orElse(null), last.orElse(null)))
              .withAttribute("from", roomJid)));
    }
    if (!payload.name().equals("query")) {
      return done(error(iq, roomJid, StanzaError.of(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED)));
    }
    ArchiveRequest.Parsed parsed = ArchiveRequest.parse(payload, settings.defaultPageSize(), settings.maxPageSize());
    if (parsed instanceof ArchiveRequest.Invalid invalid) {
      return done(error(iq, roomJid, invalid.error()));
    }
    ArchiveRequest request = ((ArchiveRequest.Ok) parsed).request();
    if (request.filter().with() != null) {
      // §4.1.1 for rooms filters by the occupant's real JID, which the archive does not keep.
      return done(error(iq, roomJid, StanzaError.of(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED,
          "'with' is not supported by room archives")));
    }
    return archive.query(room, request.filter())
        .thenApply(page -> ArchiveResults.answer(iq, request, page, roomJid, requester))
        .exceptionally(failure -> {
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          if (cause instanceof MessageArchive.UnknownId) {
            return List.of(error(iq, roomJid, StanzaError.of(StanzaErrorCondition.ITEM_NOT_FOUND)));
          }
          log.warn("{}: archive query failed: {}", roomJid, cause.toString());
          return List.of(error(iq, roomJid,
              StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR).withType(StanzaErrorType.WAIT)));
        });
  }

  /** Deletes the archive of a destroyed room. */
  public CompletionStage<Void> deleteAll(EntityBareJid room) {
    return archive.deleteAll(room);
  }

  private static XmlElement error(XmlElement iq, String roomJid, StanzaError error) {
    return Stanzas.errorReply(iq, error).orElseThrow().withAttribute("from", roomJid);
  }

  private static CompletionStage<List<XmlElement>> done(XmlElement stanza) {
    return CompletableFuture.completedFuture(List.of(stanza));
  }
}
