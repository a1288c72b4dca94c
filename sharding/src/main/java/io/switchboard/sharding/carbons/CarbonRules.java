package io.switchboard.sharding.carbons;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.hints.Hints;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.MessageType;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * XEP-0280 §6.1: which messages are copied to the user's other resources (all the rules, so the
 * server announces {@code urn:xmpp:carbons:rules:0}), and XEP-0297 wrappers of the copies. Pure.
 */
public final class CarbonRules {
  /** Payloads of instant messaging that make a bodiless message eligible (XEP-0184, 0085, 0333). */
  private static final Set<String> IM_PAYLOADS = Set.of(Namespaces.RECEIPTS, Namespaces.CHAT_STATES,
      Namespaces.CHAT_MARKERS);

  private CarbonRules() {}

  /**
   * Whether {@code message} is copied. {@code received} tells the direction: a private message
   * from a room occupant (a full JID, with a {@code muc#user} element) is not copied on receipt,
   * as the room sends it to every joined client itself.
   */
  public static boolean eligible(XmlElement message, boolean received) {
    if (!message.name().equals("message")) {
      return false;
    }
    if (message.child("private", Namespaces.CARBONS).isPresent() || Hints.NO_COPY.in(message)) {
      return false; // §7: the sender asked for no copies
    }
    MessageType type = MessageType.of(message);
    if (type == MessageType.GROUPCHAT || type == MessageType.ERROR || type == MessageType.HEADLINE) {
      return false;
    }
    boolean body = false;
    boolean im = false;
    boolean invitation = false;
    boolean mucUser = false;
    for (XmlElement c : message.elements()) {
      String ns = c.namespace();
      if (ns.equals(Namespaces.CARBONS) || ns.equals(Namespaces.FORWARD)
          || (ns.equals(Namespaces.MAM) && c.name().equals("result"))) {
        return false; // a copy or an archive result is never copied again
      }
      if (c.name().equals("body")) {
        body = true;
      } else if (IM_PAYLOADS.contains(ns)) {
        im = true;
      } else if (ns.equals(Namespaces.MUC_DIRECT_INVITE)) {
        invitation = true;
      } else if (ns.equals(Namespaces.MUC_USER)) {
        mucUser = true;
        invitation |= c.child("invite", Namespaces.MUC_USER).isPresent();
      }
    }
    if (received && mucUser && !invitation) {
      Jid from = Jids.parse(message.attr("from")).orElse(null);
      if (from != null && from.hasResource()) {
        return false; // a private message from a room occupant
      }
    }
    return type == MessageType.CHAT || body || im || invitation;
  }

  /** The copy of {@code message} for {@code to}: {@code <received/>} or {@code <sent/>} around it. */
  public static XmlElement copy(XmlElement message, String bare, String to, boolean received) {
    XmlElement forwarded = io.switchboard.protocol.forward.Forwarded.of(message, null);
    return XmlElement.builder("message", Namespaces.JABBER_CLIENT)
        .attr("from", bare)
        .attr("to", to)
        .attr("type", message.attr("type"))
        .child(XmlElement.builder(received ? "received" : "sent", Namespaces.CARBONS).child(forwarded))
        .build();
  }
}
