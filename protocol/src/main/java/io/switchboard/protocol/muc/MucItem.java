package io.switchboard.protocol.muc;

import io.switchboard.protocol.xml.XmlElement;

/**
 * XEP-0045 {@code <item/>} as it appears in {@code muc#user} presence and in {@code muc#admin}
 * queries: who (jid, nick), what (affiliation, role), why (reason) and by whom (actor). Absent
 * parts are null.
 *
 * @param actorNick the {@code <actor nick/>} of a kick or ban, or null
 * @param actorJid the {@code <actor jid/>}, or null
 */
public record MucItem(Affiliation affiliation, Role role, String jid, String nick, String reason,
    String actorNick, String actorJid) {

  public static MucItem of(Affiliation affiliation, Role role) {
    return new MucItem(affiliation, role, null, null, null, null, null);
  }

  public MucItem withJid(String newJid) {
    return new MucItem(affiliation, role, newJid, nick, reason, actorNick, actorJid);
  }

  public MucItem withNick(String newNick) {
    return new MucItem(affiliation, role, jid, newNick, reason, actorNick, actorJid);
  }

  public MucItem withReason(String newReason) {
    return new MucItem(affiliation, role, jid, nick, newReason, actorNick, actorJid);
  }

  public MucItem withActor(String nick, String jid) {
    return new MucItem(affiliation, role, this.jid, this.nick, reason, nick, jid);
  }

  /**
   * Reads an {@code <item/>} in any namespace. An unknown affiliation or role is kept as null;
   * {@link #valid} tells whether the wire values were all understood.
   */
  public static MucItem parse(XmlElement e) {
    XmlElement actor = e.child("actor", e.namespace()).orElse(null);
    return new MucItem(
        Affiliation.fromWireName(e.attr("affiliation")).orElse(null),
        Role.fromWireName(e.attr("role")).orElse(null),
        e.attr("jid"),
        e.attr("nick"),
        e.childText("reason", e.namespace()).orElse(null),
        actor == null ? null : actor.attr("nick"),
        actor == null ? null : actor.attr("jid"));
  }

  /** Whether every affiliation or role attribute of {@code e} is a defined value. */
  public static boolean valid(XmlElement e) {
    return (e.attr("affiliation") == null || Affiliation.fromWireName(e.attr("affiliation")).isPresent())
        && (e.attr("role") == null || Role.fromWireName(e.attr("role")).isPresent());
  }

  /** The element in {@code namespace} (muc#user or muc#admin). */
  public XmlElement toElement(String namespace) {
    XmlElement.Builder b = XmlElement.builder("item", namespace)
        .attr("affiliation", affiliation == null ? null : affiliation.wireName())
        .attr("jid", jid)
        .attr("nick", nick)
        .attr("role", role == null ? null : role.wireName());
    if (actorNick != null || actorJid != null) {
      b.child(XmlElement.builder("actor", namespace).attr("nick", actorNick).attr("jid", actorJid));
    }
    if (reason != null) {
      b.textChild("reason", reason);
    }
    return b.build();
  }
}
