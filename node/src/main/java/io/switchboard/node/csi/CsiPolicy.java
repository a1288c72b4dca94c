package io.switchboard.node.csi;

import io.switchboard.node.csi.CsiSettings.Action;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.forward.Forwarded;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.MessageType;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * What an inactive client's stream does with one stanza (see {@link CsiSettings}): IQs, errors,
 * subscription requests and what the settings call urgent go at once; the rest is held or dropped
 * by class. A carbon copy is judged by the message inside it. A room message is a mention when its
 * body names the user's nickname in that room, which the policy learns from the room's
 * self-presence ({@code <status code='110'/>}). Pure apart from {@code nicks}, the caller's.
 */
final class CsiPolicy {
  /** Payloads that make a bodiless message as important as one with a body. */
  private static final Set<String> CONTENT = Set.of(Namespaces.OMEMO, Namespaces.OMEMO_LEGACY, Namespaces.OPENPGP,
      "urn:xmpp:jingle-message:0");

  private final CsiSettings settings;

  CsiPolicy(CsiSettings settings) {
    this.settings = settings;
  }

  /** The action for {@code stanza}; {@code nicks} maps room bare JIDs to the user's nickname there. */
  Action classify(XmlElement stanza, Map<String, String> nicks) {
    switch (stanza.name()) {
      case "iq":
        return Action.FLUSH;
      case "presence":
        learnNick(stanza, nicks);
        PresenceType type = PresenceType.of(stanza).orElse(null);
        if (type != null && (type.isSubscription() || type == PresenceType.ERROR)) {
          return Action.FLUSH;
        }
        return settings.presence();
      case "message":
        return message(stanza, nicks);
      default:
        return Action.FLUSH;
    }
  }

  private Action message(XmlElement m, Map<String, String> nicks) {
    MessageType type = MessageType.of(m);
    if (type == MessageType.ERROR) {
      return Action.FLUSH;
    }
    boolean body = false;
    boolean onlyChatStates = true;
    for (XmlElement c : m.elements()) {
      String ns = c.namespace();
      if (ns.equals(Namespaces.CARBONS)) {
        XmlElement inner = c.child("forwarded", Namespaces.FORWARD).flatMap(Forwarded::stanzaOf).orElse(null);
        return inner == null ? settings.other() : message(inner, nicks);
      }
      if (ns.equals(Namespaces.MAM) && c.name().equals("result")) {
        return Action.FLUSH; // the client is querying its archive: it is reading now
      }
      if (c.name().equals("body") || CONTENT.contains(ns)) {
        body = true;
      }
      if (!ns.equals(Namespaces.CHAT_STATES) && !c.name().equals("thread")) {
        onlyChatStates = false;
      }
    }
    if (type == MessageType.GROUPCHAT) {
      return body && mentions(m, nicks) ? settings.mentions() : settings.groupchat();
    }
    if (body) {
      return settings.messages();
    }
    if (onlyChatStates && !m.elements().isEmpty()) {
      return settings.chatStates();
    }
    return settings.other();
  }

  private static boolean mentions(XmlElement m, Map<String, String> nicks) {
    Jid from = Jids.parse(m.attr("from")).orElse(null);
    String nick = from == null ? null : nicks.get(from.asBareJid().toString());
    if (nick == null || nick.isEmpty()) {
      return false;
    }
    String body = m.elements().stream().filter(c -> c.name().equals("body")).findFirst().map(XmlElement::text)
        .orElse("");
    return body.toLowerCase(Locale.ROOT).contains(nick.toLowerCase(Locale.ROOT));
  }

  /** XEP-0045 §7.2.2: a room's presence with status 110 is the user's own; it names the nickname. */
  private static void learnNick(XmlElement presence, Map<String, String> nicks) {
    XmlElement x = presence.child("x", Namespaces.MUC_USER).orElse(null);
    if (x == null) {
      return;
    }
    boolean self = x.elements("status", Namespaces.MUC_USER).stream().anyMatch(s -> "110".equals(s.attr("code")));
    Jid from = Jids.parse(presence.attr("from")).orElse(null);
    if (!self || from == null || !from.hasResource()) {
      return;
    }
    String room = from.asBareJid().toString();
    if ("unavailable".equals(presence.attr("type"))) {
      nicks.remove(room);
    } else {
      nicks.put(room, from.getResourceOrThrow().toString());
    }
  }
}
