package io.switchboard.sharding.privatedata;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** The account's XEP-0049 private XML, keyed by {@code "{namespace}name"}. Immutable. */
public record PrivateXml(Map<String, XmlElement> entries) implements CborSerializable {
  public static final PrivateXml EMPTY = new PrivateXml(Map.of());

  public PrivateXml {
    entries = Map.copyOf(entries == null ? Map.of() : entries);
  }

  public static String key(String name, String namespace) {
    return "{" + namespace + "}" + name;
  }

  public XmlElement get(String name, String namespace) {
    return entries.get(key(name, namespace));
  }

  /** UTF-8 bytes of every entry serialised, once {@code element} is stored (replacing its key). */
  public long bytesWith(XmlElement element) {
    String replaced = key(element.name(), element.namespace());
    long total = utf8(element.toXml());
    for (Map.Entry<String, XmlElement> e : entries.entrySet()) {
      if (!e.getKey().equals(replaced)) {
        total += utf8(e.getValue().toXml());
      }
    }
    return total;
  }

  private static long utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public PrivateXml with(XmlElement element) {
    Map<String, XmlElement> x = new LinkedHashMap<>(entries);
    x.put(key(element.name(), element.namespace()), element);
    return new PrivateXml(x);
  }
}
