package io.switchboard.sharding.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNames;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.protocol.xml.XmlText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structural Jackson form of {@link XmlElement}: no XML text is produced or parsed. An element is
 * an object {@code {"n": name, "s": namespace, "a": {attributes}, "c": [children]}} where a child
 * is either a string (character data) or an element object; empty "s", "a" and "c" are omitted.
 */
final class XmlElementJson {
  private XmlElementJson() {}

  static final class Serializer extends StdSerializer<XmlElement> {
    Serializer() {
      super(XmlElement.class);
    }

    @Override
    public void serialize(XmlElement element, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      gen.writeStringField("n", element.name());
      if (!element.namespace().isEmpty()) {
        gen.writeStringField("s", element.namespace());
      }
      if (!element.attributes().isEmpty()) {
        gen.writeObjectFieldStart("a");
        for (Map.Entry<String, String> a : element.attributes().entrySet()) {
          gen.writeStringField(a.getKey(), a.getValue());
        }
        gen.writeEndObject();
      }
      if (!element.children().isEmpty()) {
        gen.writeArrayFieldStart("c");
        for (XmlNode child : element.children()) {
          if (child instanceof XmlText t) {
            gen.writeString(t.text());
          } else {
            serialize((XmlElement) child, gen, provider);
          }
        }
        gen.writeEndArray();
      }
      gen.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<XmlElement> {
    Deserializer() {
      super(XmlElement.class);
    }

    @Override
    public XmlElement deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.getCodec().readTree(p);
      return toElement(node, p);
    }

    private static XmlElement toElement(JsonNode node, JsonParser p) throws IOException {
      if (!node.isObject() || !node.path("n").isTextual()) {
        throw new com.fasterxml.jackson.core.JsonParseException(p, "not an XML element object");
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : node.path("a").properties()) {
        // An event written before names were checked must still replay: a key the element model
        // refuses now is dropped rather than failing the entity's recovery.
        if (XmlNames.isAttributeKey(f.getKey())) {
          attributes.put(f.getKey(), f.getValue().asText());
        }
      }
      List<XmlNode> children = new ArrayList<>();
      for (JsonNode child : node.path("c")) {
        children.add(child.isTextual() ? new XmlText(child.asText()) : toElement(child, p));
      }
      return new XmlElement(node.get("n").asText(), node.path("s").asText(""), attributes, children);
    }
  }
}
