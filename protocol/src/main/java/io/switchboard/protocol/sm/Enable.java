package io.switchboard.protocol.sm;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/** XEP-0198 §3: the client's {@code <enable/>}, asking for resumption with {@code resume}. */
public record Enable(boolean resume) {
  public static final String ELEMENT = "enable";
  public static final String NAMESPACE = Namespaces.STREAM_MANAGEMENT;

  public static Optional<Enable> parse(XmlElement e) {
    if (!e.is(ELEMENT, NAMESPACE)) {
      return Optional.empty();
    }
    String resume = e.attr("resume");
    return Optional.of(new Enable("true".equals(resume) || "1".equals(resume)));
  }

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE).attr("resume", resume ? "true" : null).build();
  }
}
