package io.switchboard.protocol.sm;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.xml.XmlElement;

/** XEP-0198 §3, §5: {@code <failed/>} with a stanza error condition. */
public record Failed(StanzaErrorCondition condition) {
  public static final String ELEMENT = "failed";
  public static final String NAMESPACE = Namespaces.STREAM_MANAGEMENT;

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE)
        .child(XmlElement.of(condition.elementName(), Namespaces.STANZA_ERRORS))
        .build();
  }
}
