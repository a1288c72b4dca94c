package io.switchboard.protocol.sm;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/**
 * XEP-0198 §3: the server's {@code <enabled/>}; with resumption on, {@code resume} is true and
 * {@code maxSeconds} (0 when unstated) is how long the session may be resumed.
 */
public record Enabled(String id, boolean resume, long maxSeconds) {
  public static final String ELEMENT = "enabled";
  public static final String NAMESPACE = Namespaces.STREAM_MANAGEMENT;

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE)
        .attr("id", id)
        .attr("resume", resume ? "true" : null)
        .attr("max", resume && maxSeconds > 0 ? Long.toString(maxSeconds) : null)
        .build();
  }

  public static Optional<Enabled> parse(XmlElement e) {
    if (!e.is(ELEMENT, NAMESPACE)) {
      return Optional.empty();
    }
    String resume = e.attr("resume");
    long max = 0;
    try {
      max = e.attr("max") == null ? 0 : Long.parseLong(e.attr("max"));
    } catch (NumberFormatException ignored) {
      max = 0;
    }
    return Optional.of(new Enabled(e.attr("id"), "true".equals(resume) || "1".equals(resume), max));
  }
}
