package io.switchboard.protocol.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable XML element: a local name, a namespace URI (never null; "" for none), attributes in
 * document order and children. Attribute keys are local names, except the XML namespace's
 * attributes, which keep their {@code xml:} prefix ({@code xml:lang}), and attributes in any other
 * namespace, keyed in Clark notation ({@code {urn:example}name}). Namespace declarations are
 * not attributes: {@link XmlWriter} derives them from the element namespaces.
 *
 * <p>Names are checked when an element is made ({@link XmlNames}): an element that exists can
 * always be written as well-formed XML, whoever built it (the decoder, a store, the journal).
 *
 * @throws IllegalArgumentException from the constructor for a name, namespace or attribute key
 *     that {@link XmlNames} refuses
 */
public record XmlElement(String name, String namespace, Map<String, String> attributes, List<XmlNode> children)
    implements XmlNode {

  public XmlElement {
    Objects.requireNonNull(name, "name");
    if (!XmlNames.isNcName(name)) {
      throw new IllegalArgumentException("not an XML element name: " + name);
    }
    namespace = namespace == null ? "" : namespace;
    if (!XmlNames.isElementNamespace(namespace)) {
      throw new IllegalArgumentException("reserved namespace as an element namespace: " + namespace);
    }
    attributes = Attributes.copyOf(attributes);
    children = List.copyOf(children);
  }

  public static XmlElement of(String name, String namespace) {
    return new XmlElement(name, namespace, Map.of(), List.of());
  }

  public static Builder builder(String name, String namespace) {
    return new Builder(name, namespace);
  }

  /** A builder primed with this element's content. */
  public Builder toBuilder() {
    Builder b = new Builder(name, namespace);
    b.attributes.putAll(attributes);
    b.children.addAll(children);
    return b;
  }

  public boolean is(String name, String namespace) {
    return this.name.equals(name) && this.namespace.equals(namespace);
  }

  public String attr(String key) {
    return attributes.get(key);
  }

  public Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }

  public XmlElement withAttribute(String key, String value) {
    if (value == null) {
      return withoutAttribute(key);
    }
    if (value.equals(attributes.get(key))) {
      return this;
    }
    Map<String, String> copy = new LinkedHashMap<>(attributes);
    copy.put(key, value);
    return new XmlElement(name, namespace, copy, children);
  }

  public XmlElement withoutAttribute(String key) {
    if (!attributes.containsKey(key)) {
      return this;
    }
    Map<String, String> copy = new LinkedHashMap<>(attributes);
    copy.remove(key);
    return new XmlElement(name, namespace, copy, children);
  }

  public XmlElement withChild(XmlNode child) {
    List<XmlNode> copy = new ArrayList<>(children.size() + 1);
    copy.addAll(children);
    copy.add(child);
    return new XmlElement(name, namespace, attributes, copy);
  }

  public XmlElement withChildren(List<? extends XmlNode> newChildren) {
    return new XmlElement(name, namespace, attributes, List.copyOf(newChildren));
  }

  /** Child elements only, in order. */
  public List<XmlElement> elements() {
    List<XmlElement> out = new ArrayList<>(children.size());
    for (XmlNode n : children) {
      if (n instanceof XmlElement e) {
        out.add(e);
      }
    }
    return out;
  }

  public List<XmlElement> elements(String childName, String childNamespace) {
    List<XmlElement> out = new ArrayList<>(2);
    for (XmlNode n : children) {
      if (n instanceof XmlElement e && e.is(childName, childNamespace)) {
        out.add(e);
      }
    }
    return out;
  }

  public Optional<XmlElement> child(String childName, String childNamespace) {
    for (XmlNode n : children) {
      if (n instanceof XmlElement e && e.is(childName, childNamespace)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The first child element, whatever its name. */
  public Optional<XmlElement> firstElement() {
    for (XmlNode n : children) {
      if (n instanceof XmlElement e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The concatenated character data directly inside this element. */
  public String text() {
    if (children.size() == 1 && children.get(0) instanceof XmlText t) {
      return t.text();
    }
    StringBuilder sb = new StringBuilder();
    for (XmlNode n : children) {
      if (n instanceof XmlText t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** The text of a child element, if that child exists. */
  public Optional<String> childText(String childName, String childNamespace) {
    return child(childName, childNamespace).map(XmlElement::text);
  }

  public String toXml() {
    return XmlWriter.write(this);
  }

  @Override
  public String toString() {
    return toXml();
  }

  /** Mutable builder; {@link #build()} makes the immutable element. */
  public static final class Builder {
    private final String name;
    private final String namespace;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlNode> children = new ArrayList<>();

    private Builder(String name, String namespace) {
      this.name = name;
      this.namespace = namespace;
    }

    public Builder attr(String key, String value) {
      if (value != null) {
        attributes.put(key, value);
      }
      return this;
    }

    public Builder child(XmlNode child) {
      children.add(child);
      return this;
    }

    public Builder child(Builder child) {
      children.add(child.build());
      return this;
    }

    public Builder children(List<? extends XmlNode> nodes) {
      children.addAll(nodes);
      return this;
    }

    public Builder text(String text) {
      if (text != null && !text.isEmpty()) {
        children.add(new XmlText(text));
      }
      return this;
    }

    /** Adds {@code <name>text</name>} in this builder's namespace. */
    public Builder textChild(String childName, String text) {
      children.add(new Builder(childName, namespace).text(text).build());
      return this;
    }

    public XmlElement build() {
      return new XmlElement(name, namespace, attributes, children);
    }
  }
}
