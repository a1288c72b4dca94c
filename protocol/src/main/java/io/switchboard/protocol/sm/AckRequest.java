package io.switchboard.protocol.sm;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;

/** XEP-0198 §4: {@code <r/>}, a request for an {@link Ack}. */
public final class AckRequest {
  public static final String ELEMENT = "r";
  public static final String NAMESPACE = Namespaces.STREAM_MANAGEMENT;
  /** The element (it has no content). */
  public static final XmlElement ELEMENT_INSTANCE = XmlElement.of(ELEMENT, NAMESPACE);

  private AckRequest() {}

  public static boolean is(XmlElement e) {
    return e.is(ELEMENT, NAMESPACE);
  }
}
