package io.switchboard.protocol.stream;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.error.StreamErrorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamReader;

/**
 * The peer's stream header as a {@link StreamDecoder} reads it, checked against RFC 6120: the root
 * must be {http://etherx.jabber.org/streams}stream (§4.8.1) and its default namespace one the
 * listener accepts (§4.8.2), else {@code <invalid-namespace/>}; attributes are held to the same
 * {@link DecoderLimits} as any element.
 *
 * @param attributes the header's attributes for {@link StreamEvent.StreamOpened}, namespace
 *     declarations included as written ({@code xmlns}, {@code xmlns:stream})
 * @param declarations the header's prefix/URI pairs ("" for the default namespace), which the
 *     decoder keeps to prime a fresh reader ({@link ReaderSlot#primed(List)})
 */
record StreamRoot(Map<String, String> attributes, List<String[]> declarations) {

  /** Reads and checks the stream root at the reader's first START_ELEMENT event. */
  static StreamRoot read(XMLStreamReader reader, DecoderLimits limits, Set<String> contentNamespaces)
      throws StreamErrorException {
    if (!Namespaces.STREAMS.equals(reader.getNamespaceURI()) || !"stream".equals(reader.getLocalName())) {
      throw new StreamErrorException(
          StreamErrorCondition.INVALID_NAMESPACE, "the stream root must be {" + Namespaces.STREAMS + "}stream");
    }
    int namespaceCount = reader.getNamespaceCount();
    int attributeCount = reader.getAttributeCount();
    if (namespaceCount + attributeCount > limits.maxAttributes()) {
      throw ElementTree.policy("too many attributes on the stream header");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    List<String[]> declarations = new ArrayList<>(namespaceCount);
    String contentNamespace = null;
    for (int i = 0; i < namespaceCount; i++) {
      String prefix = reader.getNamespacePrefix(i);
      String uri = reader.getNamespaceURI(i);
      uri = uri == null ? "" : uri;
      boolean isDefault = prefix == null || prefix.isEmpty();
      if (isDefault) {
        contentNamespace = uri;
      }
      declarations.add(new String[] {isDefault ? "" : prefix, uri});
      attributes.put(isDefault ? "xmlns" : "xmlns:" + prefix, uri);
    }
    if (contentNamespace == null || !contentNamespaces.contains(contentNamespace)) {
      throw new StreamErrorException(
          StreamErrorCondition.INVALID_NAMESPACE, "unsupported content namespace (default xmlns)");
    }
    ElementTree.readAttributes(reader, limits, attributes);
    return new StreamRoot(attributes, List.copyOf(declarations));
  }
}
