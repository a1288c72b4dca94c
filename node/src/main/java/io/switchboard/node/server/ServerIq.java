package io.switchboard.node.server;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server itself answers (stanzas addressed to its domain): XEP-0030 service discovery
 * with XEP-0115 caps, XEP-0092 software version, XEP-0199 ping. Any other request gets
 * {@code service-unavailable} (RFC 6121 §8.5.1 / RFC 6120 §8.3.3.19); results, errors, messages
 * and presence addressed to the server are dropped.
 *
 * <p>Local {@link Service}s (such as the XEP-0065 proxy) are listed in the server's disco#items
 * (XEP-0030 §4), and every stanza addressed to a service's domain goes to that service's handler.
 */
public final class ServerIq implements ServerHandler {
  private static final Logger log = LoggerFactory.getLogger(ServerIq.class);

  /** Features the server announces in disco#info, sorted for readability. */
  public static final List<String> FEATURES =
      List.of(
          Namespaces.BLOCKING,
          Namespaces.DISCO_INFO,
          Namespaces.DISCO_ITEMS,
          Namespaces.PRIVATE,
          Namespaces.REGISTER,
          Namespaces.ROSTER_VERSIONING,
          Namespaces.VERSION,
          Namespaces.MSGOFFLINE,
          Namespaces.VCARD_TEMP,
          Namespaces.PING,
          Namespaces.STREAM_MANAGEMENT);

  /**
   * A service the node hosts at its own domain (a "component" in XMPP terms, but in-process).
   *
   * @param jid the service's domain, e.g. {@code proxy.example.com}
   * @param name the human-readable name in disco#items
   * @param handler answers every stanza addressed to {@code jid} (any local part or resource)
   */
  public record Service(DomainBareJid jid, String name, ServerHandler handler) {}

  private final DomainBareJid domain;
  private final String version;
  private final Map<DomainBareJid, Service> services;
  private final XmlElement identity;
  private final List<String> features;
  private final String capsVer;

  public ServerIq(DomainBareJid domain, String version) {
    this(domain, version, List.of());
  }

  /** A server answering for {@code domain} that also hosts {@code services}. */
  public ServerIq(DomainBareJid domain, String version, List<Service> services) {
    this(domain, version, services, List.of());
  }

  /**
   * As above, announcing {@code accountFeatures} too: what every account on the server offers,
   * such as the XEP-0163 PEP features, which clients look for on the server (Smack checks the
   * domain for {@code pubsub#access-whitelist} before using PEP for private data).
   */
  public ServerIq(DomainBareJid domain, String version, List<Service> services, List<String> accountFeatures) {
    this.domain = domain;
    java.util.TreeSet<String> all = new java.util.TreeSet<>(FEATURES);
    all.addAll(accountFeatures);
    this.features = List.copyOf(all);
    Map<DomainBareJid, Service> byJid = new LinkedHashMap<>();
    for (Service service : services) {
      if (service.jid().equals(domain) || byJid.put(service.jid(), service) != null) {
        throw new IllegalArgumentException("service domain " + service.jid() + " is not unique");
      }
    }
    this.services = Collections.unmodifiableMap(byJid);
    this.version = version;
    this.identity =
        XmlElement.builder("identity", Namespaces.DISCO_INFO)
            .attr("category", "server")
            .attr("type", "im")
            .attr("name", "Switchboard")
            .build();
    this.capsVer = EntityCaps.verification(List.of(identity), features);
  }

  /** The domains of the hosted services (for the Router: they route here like the domain). */
  public Set<DomainBareJid> serviceDomains() {
    return Set.copyOf(services.keySet());
  }

  /** The XEP-0115 {@code <c/>} element for stream features. */
  public XmlElement capsElement() {
    return EntityCaps.element(capsVer);
  }

  @Override
  public void handle(XmlElement stanza, StanzaRouting replies) {
    Service service = Stanzas.to(stanza).map(Jid::asDomainBareJid).map(services::get).orElse(null);
    if (service != null) {
      service.handler().handle(stanza, replies);
      return;
    }
    if (!stanza.name().equals("iq")) {
      return;
    }
    String type = stanza.attr("type");
    if (!"get".equals(type) && !"set".equals(type)) {
      return;
    }
    XmlElement reply = answer(stanza, type);
    if (stanza.attr("to") == null) {
      reply = reply.withAttribute("from", domain.toString());
    }
    log.debug("server answers {} {}", type, stanza.firstElement().map(XmlElement::namespace).orElse(""));
    replies.route(reply);
  }

  private XmlElement answer(XmlElement iq, String type) {
    Optional<XmlElement> payload = iq.firstElement();
    if (payload.isEmpty()) {
      return error(iq, StanzaErrorCondition.BAD_REQUEST);
    }
    XmlElement p = payload.get();
    boolean get = type.equals("get");
    if (get && p.is("query", Namespaces.DISCO_INFO)) {
      String node = p.attr("node");
      if (node != null && !node.equals(EntityCaps.NODE + "#" + capsVer)) {
        return error(iq, StanzaErrorCondition.ITEM_NOT_FOUND);
      }
      XmlElement.Builder q = XmlElement.builder("query", Namespaces.DISCO_INFO).attr("node", node).child(identity);
      for (String f : features) {
        q.child(XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", f));
      }
      return Stanzas.iqResult(iq, q.build());
    }
    if (get && p.is("query", Namespaces.DISCO_ITEMS)) {
      if (p.attr("node") != null) {
        return error(iq, StanzaErrorCondition.ITEM_NOT_FOUND);
      }
      XmlElement.Builder q = XmlElement.builder("query", Namespaces.DISCO_ITEMS);
      for (Service service : services.values()) {
        q.child(XmlElement.builder("item", Namespaces.DISCO_ITEMS)
            .attr("jid", service.jid().toString())
            .attr("name", service.name()));
      }
      return Stanzas.iqResult(iq, q.build());
    }
    if (get && p.is("query", Namespaces.VERSION)) {
      return Stanzas.iqResult(
          iq,
          XmlElement.builder("query", Namespaces.VERSION)
              .textChild("name", "Switchboard")
              .textChild("version", version)
              .build());
    }
    if (get && p.is("ping", Namespaces.PING)) {
      return Stanzas.iqResult(iq);
    }
    return error(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE);
  }

  private static XmlElement error(XmlElement iq, StanzaErrorCondition condition) {
    return Stanzas.errorReply(iq, condition).orElseThrow();
  }
}
