package io.switchboard.sharding.mam;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.hints.Hints;
import io.switchboard.protocol.stanza.MessageType;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Set;

/**
 * Which messages go into a user's archive (XEP-0313 §6.1.1, XEP-0334): chat and normal messages
 * that hold conversation (a body, or an encrypted payload whose body is only a fallback), unless
 * the sender asked for no storage; a {@code <store/>} hint archives a message that would not be.
 * Groupchat messages belong to the room's archive, headlines and errors to nobody's; carbon copies
 * and archive results are copies of messages archived already. Pure.
 */
public final class ArchivePolicy {
  /** Payloads that make a bodiless message worth keeping: encrypted messages. */
  private static final Set<String> CONTENT = Set.of(Namespaces.OMEMO_LEGACY, Namespaces.OMEMO, Namespaces.OPENPGP);

  private ArchivePolicy() {}

  /** Whether {@code message} belongs in a user's archive at all (preferences aside). */
  public static boolean archivable(XmlElement message) {
    if (!message.name().equals("message")) {
      return false;
    }
    MessageType type = MessageType.of(message);
    if (type != MessageType.CHAT && type != MessageType.NORMAL) {
      return false;
    }
    if (Hints.NO_STORE.in(message) || Hints.NO_PERMANENT_STORE.in(message)) {
      return false;
    }
    boolean content = false;
    for (XmlElement c : message.elements()) {
      String ns = c.namespace();
      if (ns.equals(Namespaces.CARBONS) || (ns.equals(Namespaces.MAM) && c.name().equals("result"))) {
        return false; // a copy of a message that was archived where it went first
      }
      if ((c.name().equals("body") && isContentNamespace(ns)) || CONTENT.contains(ns)) {
        content = true;
      }
    }
    return content || Hints.STORE.in(message);
  }

  private static boolean isContentNamespace(String ns) {
    return ns.isEmpty() || ns.equals(Namespaces.JABBER_CLIENT) || ns.equals(Namespaces.JABBER_SERVER)
        || ns.equals(Namespaces.COMPONENT_ACCEPT);
  }
}
