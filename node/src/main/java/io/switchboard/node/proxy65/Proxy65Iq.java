package io.switchboard.node.proxy65;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XMPP face of the proxy: what {@code proxy.<domain>} answers (XEP-0065).
 *
 * <ul>
 *   <li>disco#info: identity {@code proxy/bytestreams} and the bytestreams feature (§4);
 *   <li>disco#items: none;
 *   <li>bytestreams {@code get}: the network address of the StreamHost (§6.3.1);
 *   <li>bytestreams {@code set} with {@code <activate/>}: activates the pair whose digest is
 *       SHA1(sid + requester's full JID, as stamped on the IQ + target JID) (§6.3.5), answering a
 *       result, {@code item-not-found} (nobody waits with that digest, so the sender is not the
 *       requester of any stream) or {@code not-allowed} (only one party connected).
 * </ul>
 *
 * <p>Other requests get {@code service-unavailable}; results, errors, messages and presence are
 * dropped. Runs on the routing thread and never blocks: activation only schedules work on the
 * SOCKS5 connections' event loops.
 */
final class Proxy65Iq implements ServerHandler {
  private static final Logger log = LoggerFactory.getLogger(Proxy65Iq.class);

  static final String BYTESTREAMS = "http://jabber.org/protocol/bytestreams";

  private final DomainBareJid jid;
  private final String name;
  private final String host;
  private final IntSupplier port;
  private final Activator activator;

  /**
   * @param port the listening port (read per request: it is known only once bound)
   */
  Proxy65Iq(DomainBareJid jid, String name, String host, IntSupplier port, Activator activator) {
    this.jid = jid;
    this.name = name;
    this.host = host;
    this.port = port;
    this.activator = activator;
  }

  @Override
  public void handle(XmlElement stanza, StanzaRouting replies) {
    String type = stanza.attr("type");
    if (!stanza.name().equals("iq") || !("get".equals(type) || "set".equals(type))) {
      return;
    }
    replies.route(answer(stanza, type.equals("get")));
  }

  private XmlElement answer(XmlElement iq, boolean get) {
    Optional<Jid> to = Stanzas.to(iq);
    if (to.isEmpty() || !to.get().equals(jid)) {
      // Only the service itself exists: no users or resources at proxy.<domain>.
      return error(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE);
    }
    Optional<XmlElement> payload = iq.firstElement();
    if (payload.isEmpty()) {
      return error(iq, StanzaErrorCondition.BAD_REQUEST);
    }
    XmlElement p = payload.get();
    if (get && p.is("query", Namespaces.DISCO_INFO)) {
      return p.attr("node") != null ? error(iq, StanzaErrorCondition.ITEM_NOT_FOUND) : Stanzas.iqResult(iq, discoInfo());
    }
    if (get && p.is("query", Namespaces.DISCO_ITEMS)) {
      return p.attr("node") != null
          ? error(iq, StanzaErrorCondition.ITEM_NOT_FOUND)
          : Stanzas.iqResult(iq, XmlElement.of("query", Namespaces.DISCO_ITEMS));
    }
    if (get && p.is("query", BYTESTREAMS)) {
      return Stanzas.iqResult(iq, streamHost());
    }
    if (!get && p.is("query", BYTESTREAMS)) {
      return activate(iq, p);
    }
    return error(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE);
  }

  private XmlElement discoInfo() {
    return XmlElement.builder("query", Namespaces.DISCO_INFO)
        .child(XmlElement.builder("identity", Namespaces.DISCO_INFO)
            .attr("category", "proxy")
            .attr("type", "bytestreams")
            .attr("name", name))
        .child(XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", Namespaces.DISCO_INFO))
        .child(XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", Namespaces.DISCO_ITEMS))
        .child(XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", BYTESTREAMS))
        .build();
  }

  private XmlElement streamHost() {
    return XmlElement.builder("query", BYTESTREAMS)
        .child(XmlElement.builder("streamhost", BYTESTREAMS)
            .attr("jid", jid.toString())
            .attr("host", host)
            .attr("port", Integer.toString(port.getAsInt())))
        .build();
  }

  private XmlElement activate(XmlElement iq, XmlElement query) {
    String sid = query.attr("sid");
    Optional<XmlElement> activate = query.child("activate", BYTESTREAMS);
    Optional<Jid> requester = Stanzas.from(iq);
    if (sid == null || sid.isEmpty() || activate.isEmpty() || requester.isEmpty()) {
      return error(iq, StanzaErrorCondition.BAD_REQUEST);
    }
    Optional<Jid> target = Jids.parse(activate.get().text().trim());
    if (target.isEmpty()) {
      return error(iq, StanzaErrorCondition.JID_MALFORMED);
    }
    String digest = StreamDigest.of(sid, requester.get(), target.get());
    Activator.Outcome outcome = activator.activate(digest);
    log.debug("Proxy activation of {} by {}: {}", digest, requester.get(), outcome);
    return switch (outcome) {
      case ACTIVATED -> Stanzas.iqResult(iq);
      case UNKNOWN -> error(iq, StanzaErrorCondition.ITEM_NOT_FOUND);
      case ONE_PARTY -> error(iq, StanzaErrorCondition.NOT_ALLOWED);
      case FAILED -> error(iq, StanzaErrorCondition.INTERNAL_SERVER_ERROR);
    };
  }

  private static XmlElement error(XmlElement iq, StanzaErrorCondition condition) {
    return Stanzas.errorReply(iq, condition).orElseThrow();
  }
}
