package io.switchboard.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pub-sub node's configuration as JSON: the {@code pubsub#node_config} form's fields without
 * the {@code pubsub#} prefix ({@code access_model}, {@code max_items}, {@code feed_url}, ...), with
 * booleans and numbers as JSON booleans and numbers. The pub-sub service validates the values;
 * this class only checks that each key is a known field and each value a scalar (or, for
 * {@code roster_groups_allowed}, an array of strings).
 */
final class NodeConfigJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fields a service may set through the API (the form's, minus node_type which is fixed). */
  static final Set<String> FIELDS = Set.of("title", "description", "access_model",
      "roster_groups_allowed", "publish_model", "max_items", "persist_items", "deliver_payloads",
      "deliver_notifications", "notify_retract", "notify_delete", "notify_config", "subscribe",
      "send_last_published_item", "notification_type", "type", "feed_url", "feed_interval");

  private static final Set<String> NUMBERS = Set.of("max_items", "feed_interval");

  private NodeConfigJson() {}

  /** Why a configuration object is invalid, with the field at fault. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final String field;

    Invalid(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  /** The form fields ({@code pubsub#x} to values) of a JSON object. */
  static Map<String, List<String>> fields(JsonNode config, String path) throws Invalid {
    if (config == null || config.isNull()) {
      return Map.of();
    }
    if (!config.isObject()) {
      throw new Invalid(path, "must be an object");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      String field = path.isEmpty() ? key : path + "." + key;
      if (!FIELDS.contains(key)) {
        throw new Invalid(field, "unknown node configuration field (known: " + String.join(", ",
            new java.util.TreeSet<>(FIELDS)) + ")");
      }
      List<String> values = new ArrayList<>();
      if (v.isArray()) {
        if (!key.equals("roster_groups_allowed")) {
          throw new Invalid(field, "must be a single value");
        }
        for (JsonNode item : v) {
          if (!item.isTextual()) {
            throw new Invalid(field, "must be an array of strings");
          }
          values.add(item.asText());
        }
      } else if (v.isValueNode() && !v.isNull()) {
        values.add(v.asText());
      } else {
        throw new Invalid(field, "must be a string, number or boolean");
      }
      out.put("pubsub#" + key, values);
    }
    return out;
  }

  /** A {@code jabber:x:data} submit form of {@code pubsub#node_config} with {@code fields}. */
  static XmlElement submitForm(Map<String, List<String>> fields) {
    String ns = "jabber:x:data";
    XmlElement.Builder x = XmlElement.builder("x", ns).attr("type", "submit")
        .child(XmlElement.builder("field", ns).attr("var", "FORM_TYPE").attr("type", "hidden")
            .child(XmlElement.builder("value", ns).text("http://jabber.org/protocol/pubsub#node_config")));
    fields.forEach((var, values) -> {
      XmlElement.Builder f = XmlElement.builder("field", ns).attr("var", var);
      for (String v : values) {
        f.child(XmlElement.builder("value", ns).text(v));
      }
      x.child(f);
    });
    return x.build();
  }

  /** The JSON object of a configuration form (the service's answer to a configure get). */
  static ObjectNode fromForm(XmlElement form) {
    ObjectNode o = JSON.createObjectNode();
    for (XmlElement field : form.elements("field", "jabber:x:data")) {
      String var = field.attr("var");
      if (var == null || !var.startsWith("pubsub#")) {
        continue;
      }
      String key = var.substring("pubsub#".length());
      List<String> values = field.elements("value", "jabber:x:data").stream().map(XmlElement::text).toList();
      String type = field.attr("type");
      if ("list-multi".equals(type) || "jid-multi".equals(type)) {
        ArrayNode a = o.putArray(key);
        values.forEach(a::add);
      } else if (values.isEmpty()) {
        o.put(key, "");
      } else if ("boolean".equals(type)) {
        o.put(key, values.get(0).equals("1") || values.get(0).equals("true"));
      } else if (NUMBERS.contains(key)) {
        try {
          o.put(key, Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
          o.put(key, values.get(0));
        }
      } else {
        o.put(key, values.get(0));
      }
    }
    return o;
  }
}
