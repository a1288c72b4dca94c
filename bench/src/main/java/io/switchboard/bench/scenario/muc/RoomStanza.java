package io.switchboard.bench.scenario.muc;

import io.switchboard.bench.scenario.Stamp;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Set;
import java.util.stream.Collectors;

/** Reading what a room sends: the reflected groupchat copy and the occupant's own presence. */
public final class RoomStanza {
  static final String DELAY = "urn:xmpp:delay";

  private RoomStanza() {}

  /** The bare JID part of {@code jid} (before '/'), or null. */
  public static String bare(String jid) {
    if (jid == null) {
      return null;
    }
    int slash = jid.indexOf('/');
    return slash < 0 ? jid : jid.substring(0, slash);
  }

  /**
   * The send stamp of a live groupchat copy: type groupchat, from an occupant JID (room/nick), no
   * {@code <delay/>} (history), a body starting with a {@link Stamp}. -1 for anything else.
   */
  public static long groupchatStamp(XmlElement message) {
    if (!"message".equals(message.name()) || !"groupchat".equals(message.attr("type"))) {
      return -1;
    }
    String from = message.attr("from");
    if (from == null || from.indexOf('/') < 0 || message.child("delay", DELAY).isPresent()) {
      return -1;
    }
    return Stamp.parse(message.childText("body", Namespaces.JABBER_CLIENT).orElse(null));
  }

  /** The status codes of a room presence's {@code <x xmlns='muc#user'>}. */
  public static Set<Integer> statusCodes(XmlElement presence) {
    return presence.child("x", MucStanzas.MUC_USER)
        .map(x -> x.elements("status", MucStanzas.MUC_USER).stream()
            .map(s -> s.attr("code"))
            .filter(c -> c != null && c.matches("\\d{3}"))
            .map(Integer::valueOf)
            .collect(Collectors.toUnmodifiableSet()))
        .orElse(Set.of());
  }

  /** The defined condition of a stanza error (the first child of {@code <error/>}), or "undefined". */
  public static String errorCondition(XmlElement stanza) {
    return stanza.child("error", stanza.namespace())
        .flatMap(e -> e.elements().stream().filter(c -> !c.name().equals("text")).findFirst())
        .map(XmlElement::name)
        .orElse("undefined");
  }
}
