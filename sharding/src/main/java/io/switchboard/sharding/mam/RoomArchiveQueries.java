package io.switchboard.sharding.mam;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.util.Failures;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0313 queries on the archives of MUC rooms (§3.3.2, §6.1.2): the same store and the same
 * query rules as account archives, with the room's bare JID as the archive's owner. The room
 * writes its archive itself (the node's {@code muc.RoomArchive}); it decides who may query it
 * (the right to enter the room) and calls {@link #answer} with a MAM IQ addressed to its bare JID
 * (query, query form, metadata), then sends what that completes with, in order. Stateless; one per
 * node.
 */
public final class RoomArchiveQueries {
  private static final Logger log = LoggerFactory.getLogger(RoomArchiveQueries.class);

  private final MessageArchive archive;
  private final MamSettings settings;

  public RoomArchiveQueries(MessageArchive archive, MamSettings settings) {
    this.archive = archive;
    this.settings = settings;
  }

  /** What a room announces in its disco#info when its archive answers queries. */
  public List<String> features() {
    return List.of(Namespaces.MAM, Namespaces.MAM_EXTENDED);
  }

  /**
   * Answers a MAM IQ to {@code room} from an entitled requester ({@code iq} has its from
   * stamped): the stanzas to send it, in order (result messages, then the IQ result), or the
   * error. Only messages archived at or after {@code since} are found (null: all): a room created
   * again under an old name must not show the old room's messages.
   */
  public CompletionStage<List<XmlElement>> answer(EntityBareJid room, XmlElement iq, Instant since) {
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
      // The oldest and newest since the room's creation, as a query finds them (§6.1.2's
      // metadata must not name a message of an earlier room of the same name).
      return edge(room, ArchiveFilter.first(1), since).thenCombine(edge(room, ArchiveFilter.last(1), since),
          (first, last) -> List.of(Stanzas.iqResult(iq, ArchiveResults.metadata(first, last))
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
    return archive.query(room, request.filter().notBefore(since))
        .thenApply(page -> ArchiveResults.answer(iq, request, page, roomJid, requester))
        .exceptionally(failure -> {
          Throwable cause = Failures.cause(failure);
          if (cause instanceof MessageArchive.UnknownId) {
            return List.of(error(iq, roomJid, StanzaError.of(StanzaErrorCondition.ITEM_NOT_FOUND)));
          }
          log.warn("{}: archive query failed: {}", roomJid, cause.toString());
          return List.of(error(iq, roomJid,
              StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR).withType(StanzaErrorType.WAIT)));
        });
  }

  /** The one message {@code filter} finds from {@code since} on, or null. */
  private CompletionStage<ArchiveEntry> edge(EntityBareJid room, ArchiveFilter filter, Instant since) {
    return archive.query(room, filter.notBefore(since))
        .thenApply(page -> page.items().isEmpty() ? null : page.items().get(0));
  }

  private static XmlElement error(XmlElement iq, String roomJid, StanzaError error) {
    return Stanzas.errorReply(iq, error).orElseThrow().withAttribute("from", roomJid);
  }

  private static CompletionStage<List<XmlElement>> done(XmlElement stanza) {
    return CompletableFuture.completedFuture(List.of(stanza));
  }
}
