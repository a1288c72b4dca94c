package io.switchboard.bench.scenario.muc;

/** The stanzas the muc scenario sends (XEP-0045), as text. */
public final class MucStanzas {
  public static final String MUC = "http://jabber.org/protocol/muc";
  public static final String MUC_USER = "http://jabber.org/protocol/muc#user";
  public static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
  public static final String CONFIG_ID = "sb-muccfg-";
  public static final String INSTANT_ID = "sb-mucinst-";

  private MucStanzas() {}

  /** Entering a room without history (§7.2.1, §7.2.14 maxstanzas='0'). */
  public static String join(String roomJid, String nick) {
    return "<presence to='" + roomJid + "/" + nick + "'><x xmlns='" + MUC + "'><history maxstanzas='0'/></x></presence>";
  }

  /**
   * The configuration form submitted for a new room (§10.1.3): room size as {@code muc#roomconfig_maxusers}
   * (servers' default room limit is often 200), otherwise the service's defaults.
   */
  public static String configure(String roomJid, int room, int maxUsers) {
    return "<iq type='set' id='" + CONFIG_ID + room + "' to='" + roomJid + "'><query xmlns='" + MUC_OWNER
        + "'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>"
        + "http://jabber.org/protocol/muc#roomconfig</value></field>"
        + "<field var='muc#roomconfig_maxusers'><value>" + maxUsers + "</value></field></x></query></iq>";
  }

  /** The instant-room form (§10.1.2): an empty submit, the fallback when the configured one is refused. */
  public static String instant(String roomJid, int room) {
    return "<iq type='set' id='" + INSTANT_ID + room + "' to='" + roomJid + "'><query xmlns='" + MUC_OWNER
        + "'><x xmlns='jabber:x:data' type='submit'/></query></iq>";
  }

  public static String groupchat(String roomJid, String body) {
    return "<message to='" + roomJid + "' type='groupchat'><body>" + body + "</body></message>";
  }
}
