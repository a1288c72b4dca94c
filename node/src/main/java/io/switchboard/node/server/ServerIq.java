package io.switchboard.node.server;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.disco.DiscoInfo;
import io.switchboard.protocol.disco.DiscoItems;
import io.switchboard.protocol.disco.Identity;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.IqType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.module.ServerIqHandler;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.router.Services;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.DomainBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server itself answers (stanzas addressed to its domain): XEP-0030 disco#info, generated
 * from the registered {@link Modules} (with XEP-0115 caps over it), disco#items listing the
 * {@link Services}, and every other IQ namespace a module registered a {@link ServerIqHandler}
 * for. Anything else is {@code service-unavailable} (RFC 6121 §8.5.1, RFC 6120 §8.3.3.19); results,
 * errors, messages and presence addressed to the server are dropped.
 */
public final class ServerIq implements ServerHandler {
  private static final Logger log = LoggerFactory.getLogger(ServerIq.class);
  private static final Identity IDENTITY = new Identity("server", "im", "Switchboard");

  private final DomainBareJid domain;
  private final Modules modules;
  private final Services services;
  private final List<String> features;
  private final String capsVer;

  /**
   * The server of {@code services.domain()}, answering with {@code modules}; the disco#items are
   * whatever {@code services} holds when asked.
   */
  public ServerIq(Modules modules, Services services) {
    this.domain = services.domain();
    this.modules = modules;
    this.services = services;
    TreeSet<String> all = new TreeSet<>(modules.serverFeatures());
    all.add(Namespaces.DISCO_INFO);
    all.add(Namespaces.DISCO_ITEMS);
    this.features = List.copyOf(all);
    this.capsVer = EntityCaps.verification(List.of(IDENTITY.toElement()), features);
  }

  /** The disco#info features of the server, sorted. */
  public List<String> features() {
    return features;
  }

  /** The XEP-0115 {@code <c/>} element for stream features. */
  public XmlElement capsElement() {
    return EntityCaps.element(capsVer);
  }

  @Override
  public void handle(XmlElement stanza, StanzaRouting replies) {
    if (!stanza.name().equals("iq")) {
      return;
    }
    if (!IqType.fromWireName(stanza.attr("type")).map(IqType::isRequest).orElse(false)) {
      return;
    }
    answer(stanza).whenComplete((answered, failure) -> {
      XmlElement reply = failure == null ? answered : error(stanza, StanzaErrorCondition.INTERNAL_SERVER_ERROR);
      if (failure != null) {
        log.warn("server IQ {} failed: {}", stanza.firstElement().map(XmlElement::namespace).orElse(""),
            failure.toString());
      }
      if (stanza.attr("to") == null) {
        reply = reply.withAttribute("from", domain.toString());
      }
      log.debug("server answers {} {}", stanza.attr("type"), stanza.firstElement().map(XmlElement::namespace).orElse(""));
      replies.route(reply);
    });
  }

  private CompletionStage<XmlElement> answer(XmlElement iq) {
    Optional<ServerIqHandler> handler = iq.firstElement()
        .filter(p -> !DiscoInfo.isRequest(p) && !DiscoItems.isRequest(p))
        .flatMap(p -> modules.serverHandler(p.namespace()));
    if (handler.isPresent()) {
      return handler.get().answerLater(iq, iq.firstElement().orElseThrow());
    }
    return CompletableFuture.completedFuture(answerNow(iq));
  }

  private XmlElement answerNow(XmlElement iq) {
    Optional<XmlElement> payload = iq.firstElement();
    if (payload.isEmpty()) {
      return error(iq, StanzaErrorCondition.BAD_REQUEST);
    }
    XmlElement p = payload.get();
    boolean get = "get".equals(iq.attr("type"));
    if (get && DiscoInfo.isRequest(p)) {
      String node = p.attr("node");
      if (node != null && !node.equals(EntityCaps.NODE + "#" + capsVer)) {
        for (ServerIqHandler h : modules.serverHandlers()) {
          Optional<XmlElement> info = h.discoInfo(iq, node);
          if (info.isPresent()) {
            return info.get();
          }
        }
        return error(iq, StanzaErrorCondition.ITEM_NOT_FOUND);
      }
      return Stanzas.iqResult(iq, new DiscoInfo(node, List.of(IDENTITY), features).toElement());
    }
    if (get && DiscoItems.isRequest(p)) {
      if (p.attr("node") != null) {
        for (ServerIqHandler h : modules.serverHandlers()) {
          Optional<XmlElement> items = h.discoItems(iq, p.attr("node"));
          if (items.isPresent()) {
            return items.get();
          }
        }
        return error(iq, StanzaErrorCondition.ITEM_NOT_FOUND);
      }
      List<DiscoItems.Item> items = new ArrayList<>();
      for (Services.Service s : services.all()) {
        items.add(new DiscoItems.Item(s.jid().toString(), null, s.name()));
      }
      return Stanzas.iqResult(iq, new DiscoItems(null, items).toElement());
    }
    return error(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE);
  }

  private static XmlElement error(XmlElement iq, StanzaErrorCondition condition) {
    return Stanzas.errorReply(iq, condition).orElseThrow();
  }
}
