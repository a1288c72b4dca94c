package io.switchboard.sharding.pep;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.List;
import java.util.Set;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.FullJid;

/**
 * The XEP-0163 PEP service every account is, as the {@link UserSession} sees it: it hands the
 * service pub-sub requests addressed to the account and tells it when a contact with
 * {@code +notify} interest comes online. Implemented by the pub-sub service.
 */
public interface PepHandler {

  /** A pub-sub or node disco request to {@code owner}'s bare JID; answers go to {@code replies}. */
  void handle(EntityBareJid owner, XmlElement stanza, StanzaRouting replies);

  /** {@code contact} came online interested in {@code notifyNodes}: send it their last items. */
  void contactOnline(EntityBareJid owner, FullJid contact, Set<String> notifyNodes);

  /** The disco#info features the account adds for PEP (XEP-0163 §6). */
  List<String> features();

  /** No PEP: requests are answered service-unavailable by the account. */
  static PepHandler none() {
    return new PepHandler() {
      @Override
      public void handle(EntityBareJid owner, XmlElement stanza, StanzaRouting replies) {
        io.switchboard.protocol.stanza.Stanzas.errorReply(stanza,
            io.switchboard.protocol.error.StanzaErrorCondition.SERVICE_UNAVAILABLE).ifPresent(replies::route);
      }

      @Override
      public void contactOnline(EntityBareJid owner, FullJid contact, Set<String> notifyNodes) {}

      @Override
      public List<String> features() {
        return List.of();
      }
    };
  }
}
