package io.switchboard.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * The body of {@code POST /api/v1/messages}: {@code {"to", "type", "body", "subject"?}}, validated
 * field by field; unknown fields are refused so a typo never goes unnoticed.
 *
 * @param type chat, normal or headline (default normal, as RFC 6121 §5.2.2)
 */
record MessageRequest(Jid to, String type, String body, String subject) {
  private static final Set<String> TYPES = Set.of("chat", "normal", "headline");
  private static final List<String> FIELDS = List.of("to", "type", "body", "subject");

  static MessageRequest parse(byte[] json) throws JsonBody.Invalid {
    JsonNode root = JsonBody.object(json, FIELDS);
    String toText = JsonBody.text(root, "to", true);
    Jid to = Jids.parse(toText).orElseThrow(() -> new JsonBody.Invalid("to", "not a valid JID"));
    String type = JsonBody.text(root, "type", false);
    if (type == null) {
      type = "normal";
    } else if (!TYPES.contains(type)) {
      throw new JsonBody.Invalid("type", "must be chat, normal or headline");
    }
    String body = JsonBody.text(root, "body", true);
    if (body.isEmpty()) {
      throw new JsonBody.Invalid("body", "must not be empty");
    }
    return new MessageRequest(to, type, body, JsonBody.text(root, "subject", false));
  }

  /** The message stanza, from {@code sender}, with {@code id}. */
  XmlElement toStanza(Jid sender, String id) {
    XmlElement.Builder m = XmlElement.builder("message", Namespaces.JABBER_CLIENT)
        .attr("from", sender.toString())
        .attr("to", to.toString())
        .attr("type", type)
        .attr("id", id);
    if (subject != null) {
      m.child(XmlElement.builder("subject", Namespaces.JABBER_CLIENT).text(subject));
    }
    m.child(XmlElement.builder("body", Namespaces.JABBER_CLIENT).text(body));
    return m.build();
  }
}
