package io.switchboard.protocol.sm;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;

/** XEP-0198 §5: the server's {@code <resumed previd='...' h='...'/>}. */
public record Resumed(String previd, long h) {
  public static final String ELEMENT = "resumed";
  public static final String NAMESPACE = Namespaces.STREAM_MANAGEMENT;

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE).attr("h", Long.toString(h)).attr("previd", previd).build();
  }
}
