package io.switchboard.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Iterator;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * The body of {@code POST /api/v1/messages}: {@code {"to", "type", "body", "subject"?}}, validated
 * field by field; unknown fields are refused so a typo never goes unnoticed.
 *
 * @param type chat, normal or headline (default normal, as RFC 6121 §5.2.2)
 */
record MessageRequest(Jid to, String type, String body, String subject) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Set<String> TYPES = Set.of("chat", "normal", "headline");
  private static final Set<String> FIELDS = Set.of("to", "type", "body", "subject");

  /** A request that cannot be sent; {@code field} is the one at fault, or null. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final String field;

    Invalid(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  static MessageRequest parse(byte[] json) throws Invalid {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Invalid(null, "the request body is not valid JSON");
    } catch (java.io.IOException e) {
      throw new Invalid(null, "the request body could not be read");
    }
    if (root == null || !root.isObject()) {
      throw new Invalid(null, "the request body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new Invalid(name, "unknown field (allowed: to, type, body, subject)");
      }
    }
    String toText = text(root, "to", true);
    Jid to = Jids.parse(toText).orElseThrow(() -> new Invalid("to", "not a valid JID"));
    String type = text(root, "type", false);
    if (type == null) {
      type = "normal";
    } else if (!TYPES.contains(type)) {
      throw new Invalid("type", "must be chat, normal or headline");
    }
    String body = text(root, "body", true);
    if (body.isEmpty()) {
      throw new Invalid("body", "must not be empty");
    }
    return new MessageRequest(to, type, body, text(root, "subject", false));
  }

  private static String text(JsonNode root, String field, boolean required) throws Invalid {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new Invalid(field, "is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new Invalid(field, "must be a string");
    }
    return n.textValue();
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
