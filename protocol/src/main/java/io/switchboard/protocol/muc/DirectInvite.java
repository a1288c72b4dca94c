package io.switchboard.protocol.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/**
 * XEP-0249: a direct invitation, {@code <x xmlns='jabber:x:conference' jid='room' .../>}, sent by
 * the inviter's client straight to the invitee (it never passes through the room).
 */
public record DirectInvite(String jid, String password, String reason, boolean continuation, String thread) {
  public static final String ELEMENT = "x";
  public static final String NAMESPACE = Namespaces.MUC_DIRECT_INVITE;

  public static Optional<DirectInvite> parse(XmlElement e) {
    if (!e.is(ELEMENT, NAMESPACE) || e.attr("jid") == null) {
      return Optional.empty();
    }
    return Optional.of(new DirectInvite(e.attr("jid"), e.attr("password"), e.attr("reason"),
        "true".equals(e.attr("continue")), e.attr("thread")));
  }

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE).attr("jid", jid).attr("password", password)
        .attr("reason", reason).attr("continue", continuation ? "true" : null).attr("thread", thread)
        .build();
  }
}
