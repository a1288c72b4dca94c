package io.switchboard.sharding.mam;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.rsm.ResultSetRequest;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.MessageIds;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jxmpp.jid.Jid;

/**
 * One XEP-0313 query ({@code <query xmlns='urn:xmpp:mam:2'/>} in an IQ set), read into the filter
 * the archive runs, or the error to answer. The form's {@code after-id}/{@code before-id} and RSM's
 * {@code <after/>}/{@code <before/>} bound the same range (the tighter bound wins); RSM's
 * {@code <before/>} pages backwards. A field this server does not know is
 * {@code feature-not-implemented} (§4.1.5); an id that is not one of the archive's is
 * {@code item-not-found}. Pure.
 *
 * @param queryId the client's {@code queryid}, or null
 * @param filter what to fetch (with {@code max} already cut to the server's limit)
 * @param countOnly RSM {@code <max>0</max>}: no messages, only whether there are any
 * @param flip XEP-0313 §4.3.4: send the page newest first
 */
public record ArchiveRequest(String queryId, ArchiveFilter filter, boolean countOnly, boolean flip) {
  static final Set<String> FIELDS = Set.of("start", "end", "with", "before-id", "after-id", "ids");

  /** The request, or the error to answer. */
  public sealed interface Parsed {}

  public record Ok(ArchiveRequest request) implements Parsed {}

  public record Invalid(StanzaError error) implements Parsed {}

  /** Reads {@code query}; {@code defaultMax} and {@code maxMax} are the server's page sizes. */
  public static Parsed parse(XmlElement query, int defaultMax, int maxMax) {
    try {
      return new Ok(read(query, defaultMax, maxMax));
    } catch (Refused r) {
      return new Invalid(r.error);
    }
  }

  private static ArchiveRequest read(XmlElement query, int defaultMax, int maxMax) throws Refused {
    Instant start = null;
    Instant end = null;
    Jid with = null;
    UUID afterId = null;
    UUID beforeId = null;
    List<UUID> ids = List.of();
    Optional<DataForm> form = DataForm.in(query);
    if (form.isPresent()) {
      DataForm f = form.get();
      if (f.formType() != null && !f.formType().equals(Namespaces.MAM)) {
        throw refused(StanzaErrorCondition.BAD_REQUEST, "FORM_TYPE must be " + Namespaces.MAM);
      }
      for (String var : f.fields().keySet()) {
        if (!FIELDS.contains(var)) {
          throw refused(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED, "unknown field " + var);
        }
      }
      start = instant(f.value("start"), "start");
      end = instant(f.value("end"), "end");
      if (f.value("with") != null) {
        with = Jids.parse(f.value("with").trim())
            .orElseThrow(() -> refused(StanzaErrorCondition.JID_MALFORMED, "'with' is not a JID"));
      }
      afterId = id(f.value("after-id"));
      beforeId = id(f.value("before-id"));
      List<UUID> listed = new ArrayList<>();
      for (String v : f.values("ids")) {
        listed.add(id(v));
      }
      ids = listed;
    }
    ResultSetRequest rsm;
    try {
      rsm = ResultSetRequest.in(query);
    } catch (ResultSetRequest.Malformed e) {
      throw refused(StanzaErrorCondition.BAD_REQUEST, e.getMessage());
    }
    if (rsm.index() != null) {
      throw refused(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED, "RSM <index/> is not supported");
    }
    if (rsm.after() != null && rsm.before() != null) {
      throw refused(StanzaErrorCondition.BAD_REQUEST, "RSM <after/> and <before/> together; use after-id and before-id");
    }
    if (rsm.after() != null) {
      afterId = later(afterId, id(rsm.after()));
    }
    boolean backwards = rsm.before() != null;
    if (backwards && !rsm.lastPage()) {
      beforeId = earlier(beforeId, id(rsm.before()));
    }
    boolean countOnly = rsm.max() != null && rsm.max() == 0;
    int max = rsm.max() == null ? defaultMax : Math.max(1, Math.min(rsm.max(), maxMax));
    if (!ids.isEmpty()) {
      max = Math.max(max, Math.min(ids.size(), maxMax));
    }
    boolean flip = query.child("flip-page", Namespaces.MAM).isPresent();
    ArchiveFilter filter = new ArchiveFilter(start, end, with, afterId, beforeId, ids, max, backwards);
    return new ArchiveRequest(query.attr("queryid"), filter, countOnly, flip);
  }

  private static Instant instant(String value, String field) throws Refused {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw refused(StanzaErrorCondition.BAD_REQUEST, "'" + field + "' is not an XEP-0082 date-time");
    }
  }

  /** An archive id; anything that cannot be one is not in the archive (item-not-found). */
  private static UUID id(String value) throws Refused {
    if (value == null) {
      return null;
    }
    try {
      UUID id = UUID.fromString(value.trim());
      if (MessageIds.isMessageId(id)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw refused(StanzaErrorCondition.ITEM_NOT_FOUND, "no message " + value + " in the archive");
  }

  private static UUID later(UUID a, UUID b) {
    return a == null ? b : b == null ? a : compare(a, b) >= 0 ? a : b;
  }

  private static UUID earlier(UUID a, UUID b) {
    return a == null ? b : b == null ? a : compare(a, b) <= 0 ? a : b;
  }

  /** Time order of two message ids (ties by their random half, as the archive orders them). */
  static int compare(UUID a, UUID b) {
    int t = Long.compare(a.timestamp(), b.timestamp());
    return t != 0 ? t : a.compareTo(b);
  }

  private static Refused refused(StanzaErrorCondition condition, String text) {
    return new Refused(StanzaError.of(condition, text));
  }

  private static final class Refused extends Exception {
    private final StanzaError error;

    Refused(StanzaError error) {
      super(null, null, false, false);
      this.error = error;
    }
  }
}
