package io.switchboard.protocol.disco;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Objects;

/** XEP-0030 §3.1: an {@code <identity category type [name]/>} of a disco#info answer. */
public record Identity(String category, String type, String name) {
  public static final String ELEMENT = "identity";

  public Identity {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(type, "type");
  }

  public static Identity of(String category, String type) {
    return new Identity(category, type, null);
  }

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, Namespaces.DISCO_INFO)
        .attr("category", category).attr("type", type).attr("name", name).build();
  }
}
