package io.switchboard.protocol.sm;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;
import java.util.OptionalLong;

/** XEP-0198 §4: {@code <a h='...'/>}, how many stanzas the sender of it has handled. */
public record Ack(long h) {
  public static final String ELEMENT = "a";
  public static final String NAMESPACE = Namespaces.STREAM_MANAGEMENT;

  /** Empty when it is not an ack or its {@code h} is not a valid count. */
  public static Optional<Ack> parse(XmlElement e) {
    if (!e.is(ELEMENT, NAMESPACE)) {
      return Optional.empty();
    }
    OptionalLong h = SmCount.parse(e.attr("h"));
    return h.isPresent() ? Optional.of(new Ack(h.getAsLong())) : Optional.empty();
  }

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE).attr("h", Long.toString(h)).build();
  }
}
