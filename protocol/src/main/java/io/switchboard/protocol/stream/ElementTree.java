package io.switchboard.protocol.stream;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.protocol.xml.XmlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamReader;

/**
 * Builds the first-level element a {@link StreamDecoder} is reading into an {@link XmlElement},
 * from the reader's start-element, character and end-element events, and enforces the per-element
 * limits of {@link DecoderLimits} (nesting depth, attributes plus namespace declarations on one
 * element, attribute value length) while it does, so a refused element is never built whole.
 * Adjacent character events of one element are joined into one text node. The byte-size limit is
 * the decoder's: it is measured in reader offsets, not here.
 */
final class ElementTree {
  private final DecoderLimits limits;
  /** The open elements, outermost (the first-level element) first. */
  private final ArrayList<Frame> frames = new ArrayList<>(4); // stanzas are rarely deeper

  ElementTree(DecoderLimits limits) {
    this.limits = limits;
  }

  /**
   * Opens the element at the reader's START_ELEMENT event.
   *
   * @param depth the stream depth including this element: 2 for a first-level element
   */
  void start(XMLStreamReader reader, int depth) throws StreamErrorException {
    if (depth - 1 > limits.maxDepth()) {
      throw policy("elements nested deeper than " + limits.maxDepth());
    }
    int namespaceCount = reader.getNamespaceCount();
    int attributeCount = reader.getAttributeCount();
    if (namespaceCount + attributeCount > limits.maxAttributes()) {
      throw policy("more than " + limits.maxAttributes() + " attributes on one element");
    }
    Frame frame = new Frame(reader.getLocalName(), reader.getNamespaceURI());
    readAttributes(reader, limits, frame.attributes);
    if (!frames.isEmpty()) {
      frames.get(frames.size() - 1).flushText();
    }
    frames.add(frame);
  }

  /** Character data inside the innermost open element. */
  void text(String text) {
    frames.get(frames.size() - 1).appendText(text);
  }

  /**
   * Closes the innermost open element and returns it; a nested one is also added to its parent's
   * children.
   */
  XmlElement end() {
    Frame frame = frames.remove(frames.size() - 1);
    XmlElement element = frame.build();
    if (!frames.isEmpty()) {
      frames.get(frames.size() - 1).children.add(element);
    }
    return element;
  }

  /** Forgets any partly built element. */
  void clear() {
    frames.clear();
  }

  /**
   * Copies the attributes of the reader's current START_ELEMENT into {@code into}, refusing a
   * value longer than {@link DecoderLimits#maxAttributeValueChars()}. Keys are local names,
   * {@code xml:}-prefixed for the XML namespace and {@code {ns}local} for other namespaces.
   */
  static void readAttributes(XMLStreamReader reader, DecoderLimits limits, Map<String, String> into)
      throws StreamErrorException {
    for (int i = 0; i < reader.getAttributeCount(); i++) {
      String value = reader.getAttributeValue(i);
      if (value.length() > limits.maxAttributeValueChars()) {
        throw policy("attribute value longer than " + limits.maxAttributeValueChars());
      }
      into.put(attributeKey(reader, i), value);
    }
  }

  static StreamErrorException policy(String text) {
    return new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, text);
  }

  private static String attributeKey(XMLStreamReader reader, int i) {
    String ns = reader.getAttributeNamespace(i);
    String local = reader.getAttributeLocalName(i);
    if (ns == null || ns.isEmpty()) {
      return local;
    }
    if (Namespaces.XML.equals(ns)) {
      return "xml:" + local;
    }
    return "{" + ns + "}" + local;
  }

  /** An element being built. */
  private static final class Frame {
    final String name;
    final String namespace;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<XmlNode> children = new ArrayList<>(2);
    StringBuilder text;

    Frame(String name, String namespace) {
      this.name = name;
      this.namespace = namespace;
    }

    void appendText(String s) {
      if (text == null) {
        text = new StringBuilder(s.length());
      }
      text.append(s);
    }

    void flushText() {
      if (text != null && text.length() > 0) {
        children.add(new XmlText(text.toString()));
      }
      text = null;
    }

    XmlElement build() {
      flushText();
      return new XmlElement(name, namespace, attributes, children);
    }
  }
}
