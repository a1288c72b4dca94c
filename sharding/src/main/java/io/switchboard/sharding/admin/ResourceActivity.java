package io.switchboard.sharding.admin;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.UserSession;

/**
 * XEP-0133's split of online users into active and idle (its revision 1.1: online = active +
 * idle), decided per resource from what its account's entity knows: a resource is <b>active</b>
 * when it has sent available presence that does not say the user is away, that is no
 * {@code <show/>} or {@code chat}/{@code dnd}, and no XEP-0319 {@code <idle/>} element. A resource
 * bound but without available presence, or {@code away}/{@code xa}, or marked idle, is not. An
 * account is active when one of its resources is, idle when it is online and none is. Pure.
 */
public final class ResourceActivity {
  /** XEP-0319 Last User Interaction in Presence. */
  static final String IDLE_NS = "urn:xmpp:idle:1";

  private ResourceActivity() {}

  public static boolean active(UserSession.ResourceView resource) {
    return resource.available() && active(resource.presence());
  }

  /** An available presence (null: none sent) that shows the user at the keyboard. */
  static boolean active(XmlElement presence) {
    if (presence == null) {
      return false;
    }
    String ns = presence.namespace();
    String show = presence.childText("show", ns).map(String::trim).orElse("");
    boolean away = show.equals("away") || show.equals("xa");
    return !away && presence.child("idle", IDLE_NS).isEmpty();
  }
}
