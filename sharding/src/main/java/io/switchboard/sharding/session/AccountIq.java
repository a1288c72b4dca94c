package io.switchboard.sharding.session;

import java.util.List;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.stanza.Stanzas;

/**
 * IQs addressed to an account's bare JID, answered by the account itself (RFC 6121 §8.5.2.1.3):
 * vcard-temp (XEP-0054), disco#info with the account/registered identity and disco#items
 * (XEP-0030); anything else is {@code service-unavailable}.
 */
final class AccountIq {
  private AccountIq() {}

  static XmlElement answer(Account state, XmlElement iq, String domain) {
    return answer(state, iq, domain, List.of());
  }

  /** As above; {@code pepFeatures} non-empty: the account is a PEP service (XEP-0163 §6). */
  static XmlElement answer(Account state, XmlElement iq, String domain, List<String> pepFeatures) {
    XmlElement query = iq.firstElement().orElse(null);
    boolean get = "get".equals(iq.attr("type"));
    if (query == null) {
      return Stanzas.error(iq, "modify", "bad-request");
    }
    if (query.is("vCard", Stanzas.VCARD)) {
      if (!get) {
        return Stanzas.error(iq, "auth", "forbidden"); // only the owner sets its vCard
      }
      return Stanzas.result(iq, state.vcard() != null
          ? state.vcard()
          : XmlElement.of("vCard", Stanzas.VCARD));
    }
    if (get && query.is("query", Stanzas.DISCO_INFO) && query.attr("node") == null) {
      XmlElement.Builder info = XmlElement.builder("query", Stanzas.DISCO_INFO)
          .child(XmlElement.builder("identity", Stanzas.DISCO_INFO)
              .attr("category", "account").attr("type", "registered").build());
      if (!pepFeatures.isEmpty()) {
        info.child(XmlElement.builder("identity", Stanzas.DISCO_INFO)
            .attr("category", "pubsub").attr("type", "pep").build());
      }
      info.child(feature(Stanzas.DISCO_INFO))
          .child(feature(Stanzas.DISCO_ITEMS))
          .child(feature(Stanzas.VCARD));
      pepFeatures.forEach(f -> info.child(feature(f)));
      return Stanzas.result(iq, info.build());
    }
    if (get && query.is("query", Stanzas.DISCO_ITEMS) && query.attr("node") == null) {
      return Stanzas.result(iq, XmlElement.of("query", Stanzas.DISCO_ITEMS));
    }
    return Stanzas.error(iq, "cancel", "service-unavailable");
  }

  static XmlElement blocklist(Account state) {
    XmlElement.Builder b = XmlElement.builder("blocklist", Stanzas.BLOCKING);
    for (String jid : state.blocklist()) {
      b.child(XmlElement.builder("item", Stanzas.BLOCKING).attr("jid", jid).build());
    }
    return b.build();
  }

  private static XmlElement feature(String var) {
    return XmlElement.builder("feature", Stanzas.DISCO_INFO).attr("var", var).build();
  }
}
