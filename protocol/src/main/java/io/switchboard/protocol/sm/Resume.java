package io.switchboard.protocol.sm;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;
import java.util.OptionalLong;

/** XEP-0198 §5: the client's {@code <resume previd='...' h='...'/>}. */
public record Resume(String previd, long h) {
  public static final String ELEMENT = "resume";
  public static final String NAMESPACE = Namespaces.STREAM_MANAGEMENT;

  /** Empty when it is not a resume element or its {@code h} is not a valid count. */
  public static Optional<Resume> parse(XmlElement e) {
    if (!e.is(ELEMENT, NAMESPACE)) {
      return Optional.empty();
    }
    OptionalLong h = SmCount.parse(e.attr("h"));
    return h.isPresent() ? Optional.of(new Resume(e.attr("previd"), h.getAsLong())) : Optional.empty();
  }

  public XmlElement toElement() {
    return XmlElement.builder(ELEMENT, NAMESPACE).attr("previd", previd).attr("h", Long.toString(h)).build();
  }
}
