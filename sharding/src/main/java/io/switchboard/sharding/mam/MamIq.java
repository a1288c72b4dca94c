package io.switchboard.sharding.mam;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.util.Failures;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.ModuleCommand;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's archive, to its owner's clients: XEP-0313 queries (set) and the query form (get),
 * XEP-0441 preferences ({@code <prefs/>} get and set) and archive metadata (get). The store is
 * read asynchronously; its answer comes back to the entity ({@link Answered}), which sends the
 * results and then the IQ result, in that order, to the asking resource.
 */
final class MamIq implements AccountIqHandler {
  private static final Logger log = LoggerFactory.getLogger(MamIq.class);

  private final MessageArchive archive;
  private final MamSettings settings;

  MamIq(MessageArchive archive, MamSettings settings) {
    this.archive = archive;
    this.settings = settings;
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.MAM);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner();
  }

  @Override
  public List<String> accountFeatures() {
    return List.of(Namespaces.MAM, Namespaces.MAM_EXTENDED, Namespaces.SID);
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.iq();
    XmlElement payload = request.payload();
    switch (payload.name()) {
      case "query" -> {
        if (request.isGet()) {
          ctx.deliverLocal(Stanzas.iqResult(iq, ArchiveResults.form()));
          return Outcome.none();
        }
        return query(ctx, iq, payload);
      }
      case "prefs" -> {
        return prefs(ctx, state, iq, payload, request.isGet());
      }
      case "metadata" -> {
        if (!request.isGet()) {
          return error(ctx, iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST));
        }
        ctx.pipeToSelf(archive.edge(ctx.user(), false).thenCombine(archive.edge(ctx.user(), true), List::of),
            (edges, failure) -> new MetadataRead(iq, edges, failure));
        return Outcome.none();
      }
      default -> {
        return error(ctx, iq, StanzaError.of(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED));
      }
    }
  }

  private Outcome query(SessionContext ctx, XmlElement iq, XmlElement payload) {
    ArchiveRequest.Parsed parsed = ArchiveRequest.parse(payload, settings.defaultPageSize(), settings.maxPageSize());
    if (parsed instanceof ArchiveRequest.Invalid invalid) {
      return error(ctx, iq, invalid.error());
    }
    ArchiveRequest request = ((ArchiveRequest.Ok) parsed).request();
    ctx.pipeToSelf(archive.query(ctx.user(), request.filter()), (page, failure) -> new Answered(iq, request, page, failure));
    return Outcome.none();
  }

  private Outcome prefs(SessionContext ctx, Account state, XmlElement iq, XmlElement payload, boolean get) {
    if (get) {
      ctx.deliverLocal(Stanzas.iqResult(iq, current(state).toElement()));
      return Outcome.none();
    }
    Optional<MamPreferences> prefs = MamPreferences.parse(payload);
    if (prefs.isEmpty()) {
      return error(ctx, iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST,
          "default must be always, roster or never, and every <jid/> a JID"));
    }
    MamPreferences applied = prefs.get();
    return Outcome.persist(new MamEvent.MamPreferencesSet(applied))
        .then(() -> ctx.deliverLocal(Stanzas.iqResult(iq, applied.toElement())));
  }

  private MamPreferences current(Account state) {
    return state.mamPreferences() != null ? state.mamPreferences() : MamPreferences.of(settings.defaultPreference());
  }

  /** Whether the resource that asked is still bound and not parked. */
  private static boolean listening(SessionContext ctx, XmlElement iq) {
    String from = iq.attr("from");
    int slash = from == null ? -1 : from.indexOf('/');
    String resource = slash < 0 ? null : from.substring(slash + 1);
    return resource != null && ctx.resources().get(resource) != null && !ctx.resources().isParked(resource);
  }

  private static Outcome error(SessionContext ctx, XmlElement iq, StanzaError error) {
    Stanzas.errorReply(iq, error).ifPresent(ctx::deliverLocal);
    return Outcome.none();
  }

  /** The store answered a query. */
  private record Answered(XmlElement iq, ArchiveRequest request, ArchivePage page, Throwable failure)
      implements ModuleCommand {
    @Override
    public Outcome run(SessionContext ctx, Account state) {
      if (failure != null) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof MessageArchive.UnknownId) {
          return error(ctx, iq, StanzaError.of(StanzaErrorCondition.ITEM_NOT_FOUND, cause.getMessage()));
        }
        log.warn("{}: archive query failed: {}", ctx.bare(), cause.toString());
        return error(ctx, iq, StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR).withType(StanzaErrorType.WAIT));
      }
      if (!listening(ctx, iq)) {
        return Outcome.none(); // its stream dropped meanwhile: results are not kept for it
      }
      for (XmlElement stanza : ArchiveResults.answer(iq, request, page, ctx.bare(), iq.attr("from"))) {
        ctx.deliverLocal(stanza);
      }
      return Outcome.none();
    }
  }

  /** The store answered a metadata request: the oldest and the newest message. */
  private record MetadataRead(XmlElement iq, List<Optional<ArchiveEntry>> edges, Throwable failure)
      implements ModuleCommand {
    @Override
    public Outcome run(SessionContext ctx, Account state) {
      if (failure != null) {
        log.warn("{}: archive metadata failed: {}", ctx.bare(), failure.toString());
        return error(ctx, iq, StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR).withType(StanzaErrorType.WAIT));
      }
      ctx.deliverLocal(Stanzas.iqResult(iq,
          ArchiveResults.metadata(edges.get(0).orElse(null), edges.get(1).orElse(null))));
      return Outcome.none();
    }
  }
}
