package io.switchboard.protocol.error;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A stream error (RFC 6120 §4.9): {@code <stream:error>} with a defined condition and optional
 * human-readable text. {@code conditionText} is the condition element's own character data, used
 * only by {@code <see-other-host>} (§4.9.3.19) for the alternate host.
 *
 * @param condition the defined condition
 * @param text optional descriptive text, or null
 * @param conditionText character data of the condition element, or null
 */
public record StreamError(StreamErrorCondition condition, String text, String conditionText) {

  public StreamError {
    Objects.requireNonNull(condition, "condition");
  }

  public StreamError(StreamErrorCondition condition, String text) {
    this(condition, text, null);
  }

  public static StreamError of(StreamErrorCondition condition) {
    return new StreamError(condition, null, null);
  }

  public static StreamError of(StreamErrorCondition condition, String text) {
    return new StreamError(condition, text, null);
  }

  /** {@code <see-other-host>host[:port]</see-other-host>} (RFC 6120 §4.9.3.19). */
  public static StreamError seeOtherHost(String hostAndPort) {
    return new StreamError(StreamErrorCondition.SEE_OTHER_HOST, null, hostAndPort);
  }

  public Optional<String> textIfAny() {
    return Optional.ofNullable(text);
  }

  /** The element in the streams namespace; write it with {@code StreamHeader.writeTopLevel}. */
  public XmlElement toElement() {
    XmlElement.Builder b = XmlElement.builder("error", Namespaces.STREAMS);
    b.child(XmlElement.builder(condition.elementName(), Namespaces.STREAM_ERRORS).text(conditionText));
    if (text != null) {
      b.child(XmlElement.builder("text", Namespaces.STREAM_ERRORS).attr("xml:lang", "en").text(text));
    }
    return b.build();
  }

  /** The error as sent on a stream whose {@code stream} prefix is bound: {@code <stream:error>...}. */
  public String toXml() {
    StringBuilder sb = new StringBuilder(160);
    sb.append("<stream:error>");
    for (XmlNode child : toElement().children()) {
      io.switchboard.protocol.xml.XmlWriter.write((XmlElement) child, null, sb);
    }
    return sb.append("</stream:error>").toString();
  }

  /** Reads a received {@code <stream:error>}; empty if it carries no defined condition. */
  public static Optional<StreamError> fromElement(XmlElement error) {
    if (!error.is("error", Namespaces.STREAMS)) {
      return Optional.empty();
    }
    StreamErrorCondition condition = null;
    String conditionText = null;
    String text = null;
    for (XmlElement child : error.elements()) {
      if (!Namespaces.STREAM_ERRORS.equals(child.namespace())) {
        continue;
      }
      if (child.name().equals("text")) {
        text = child.text();
      } else if (condition == null) {
        Optional<StreamErrorCondition> c = StreamErrorCondition.fromElementName(child.name());
        if (c.isPresent()) {
          condition = c.get();
          conditionText = child.text().isEmpty() ? null : child.text();
        }
      }
    }
    return condition == null
        ? Optional.empty()
        : Optional.of(new StreamError(condition, text, conditionText));
  }
}
