package io.switchboard.protocol.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.Optional;

/**
 * XEP-0045 §7.2: {@code <x xmlns='http://jabber.org/protocol/muc'>} in the presence that enters a
 * room: the room password (§7.2.6) and how much discussion history to send (§7.2.15). Every limit
 * is null when absent; a malformed number reads as absent.
 */
public record MucJoin(String password, Integer maxChars, Integer maxStanzas, Integer seconds,
    Instant since) {
  public static final String ELEMENT = "x";
  public static final String NAMESPACE = Namespaces.MUC;

  public static final MucJoin PLAIN = new MucJoin(null, null, null, null, null);

  public static Optional<MucJoin> parse(XmlElement e) {
    if (!e.is(ELEMENT, NAMESPACE)) {
      return Optional.empty();
    }
    XmlElement h = e.child("history", NAMESPACE).orElse(null);
    return Optional.of(new MucJoin(
        e.childText("password", NAMESPACE).orElse(null),
        h == null ? null : number(h.attr("maxchars")),
        h == null ? null : number(h.attr("maxstanzas")),
        h == null ? null : number(h.attr("seconds")),
        h == null ? null : instant(h.attr("since"))));
  }

  /** The extension in {@code presence}, if it has one. */
  public static Optional<MucJoin> in(XmlElement presence) {
    return presence.child(ELEMENT, NAMESPACE).flatMap(MucJoin::parse);
  }

  /** XEP-0082 date-time; null when absent or unreadable. */
  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(s.trim()).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static Integer number(String s) {
    if (s == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(s.trim());
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public XmlElement toElement() {
    XmlElement.Builder b = XmlElement.builder(ELEMENT, NAMESPACE);
    if (maxChars != null || maxStanzas != null || seconds != null || since != null) {
      b.child(XmlElement.builder("history", NAMESPACE)
          .attr("maxchars", maxChars == null ? null : maxChars.toString())
          .attr("maxstanzas", maxStanzas == null ? null : maxStanzas.toString())
          .attr("seconds", seconds == null ? null : seconds.toString())
          .attr("since", since == null ? null : since.toString()));
    }
    if (password != null) {
      b.textChild("password", password);
    }
    return b.build();
  }
}
