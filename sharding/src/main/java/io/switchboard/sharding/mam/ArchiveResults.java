package io.switchboard.sharding.mam;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.forward.Forwarded;
import io.switchboard.protocol.rsm.ResultSetRequest;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.DelayStamp;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * XEP-0313 §4.2: what answers a query: one message per result (the archived message forwarded
 * with its delay, in a {@code <result queryid id/>}), then the IQ result whose {@code <fin/>}
 * names the page's first and last ids and whether it completes the query. Pure; used by account
 * archives and room archives alike.
 */
public final class ArchiveResults {
  private ArchiveResults() {}

  /**
   * The stanzas answering {@code iq} with {@code page}, in the order to send them: the result
   * messages (from {@code archive}, to {@code requester}), then the IQ result.
   */
  public static List<XmlElement> answer(XmlElement iq, ArchiveRequest request, ArchivePage page, String archive,
      String requester) {
    List<ArchiveEntry> items = request.countOnly() ? List.of() : page.items();
    List<XmlElement> out = new ArrayList<>(items.size() + 1);
    for (ArchiveEntry e : items) {
      out.add(result(e, request.queryId(), archive, requester));
    }
    if (request.flip()) {
      Collections.reverse(out);
    }
    String first = items.isEmpty() ? null : items.get(0).id().toString();
    String last = items.isEmpty() ? null : items.get(items.size() - 1).id().toString();
    boolean complete = request.countOnly() ? page.items().isEmpty() : page.complete();
    XmlElement fin = XmlElement.builder("fin", Namespaces.MAM)
        .attr("complete", complete ? "true" : null)
        .child(ResultSetRequest.answer(first, null, last, null))
        .build();
    out.add(Stanzas.iqResult(iq, fin).withAttribute("to", requester).withAttribute("from", archive));
    return out;
  }

  /** One result message. */
  public static XmlElement result(ArchiveEntry e, String queryId, String archive, String requester) {
    XmlElement result = XmlElement.builder("result", Namespaces.MAM)
        .attr("queryid", queryId)
        .attr("id", e.id().toString())
        .child(Forwarded.of(e.stanza(), DelayStamp.of(e.stamp(), null)))
        .build();
    return XmlElement.builder("message", Namespaces.JABBER_CLIENT)
        .attr("from", archive)
        .attr("to", requester)
        .child(result)
        .build();
  }

  /** XEP-0313 §5: the archive's first and last message, or an empty {@code <metadata/>}. */
  public static XmlElement metadata(ArchiveEntry first, ArchiveEntry last) {
    XmlElement.Builder m = XmlElement.builder("metadata", Namespaces.MAM);
    if (first != null && last != null) {
      m.child(XmlElement.builder("start", Namespaces.MAM).attr("id", first.id().toString())
          .attr("timestamp", DelayStamp.of(first.stamp(), null).stamp().toString()));
      m.child(XmlElement.builder("end", Namespaces.MAM).attr("id", last.id().toString())
          .attr("timestamp", DelayStamp.of(last.stamp(), null).stamp().toString()));
    }
    return m.build();
  }

  /** XEP-0313 §4.1.5: the fields a query may use. */
  public static XmlElement form() {
    return XmlElement.builder("query", Namespaces.MAM).child(io.switchboard.protocol.form.DataForm
        .builder("form", Namespaces.MAM)
        .field("with", "jid-single", List.of())
        .field("start", "text-single", List.of())
        .field("end", "text-single", List.of())
        .field("before-id", "text-single", List.of())
        .field("after-id", "text-single", List.of())
        .field(XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", "ids").attr("type", "list-multi")
            .child(XmlElement.builder("validate", "http://jabber.org/protocol/xdata-validate")
                .attr("datatype", "xs:string")
                .child(XmlElement.of("open", "http://jabber.org/protocol/xdata-validate")))
            .build())
        .build()).build();
  }
}
