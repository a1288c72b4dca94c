package io.switchboard.node;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pubsub.PubSubService;
import io.switchboard.sharding.session.PepHandler;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.FullJid;

/**
 * The accounts' PEP service, which exists only once the Router it needs exists: the user
 * entities are wired before the pub-sub service, so they reach it through this.
 */
final class LatePep implements PepHandler {
  private final Supplier<PubSubService> service;

  LatePep(Supplier<PubSubService> service) {
    this.service = service;
  }

  @Override
  public void handle(EntityBareJid owner, XmlElement stanza, StanzaRouting replies) {
    service.get().handle(owner, stanza, replies);
  }

  @Override
  public void contactOnline(EntityBareJid owner, FullJid contact, Set<String> notifyNodes) {
    service.get().contactOnline(owner, contact, notifyNodes);
  }

  @Override
  public List<String> features() {
    return PubSubService.pepFeatures();
  }
}
