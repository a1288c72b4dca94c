package io.switchboard.protocol.fuzz;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.protocol.xml.XmlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a written and re-read element is expected to equal: characters XML 1.0 cannot carry are
 * gone from text and attribute values (the writer drops them), adjacent text nodes are one, and
 * empty text nodes are gone (a parser reports neither).
 */
final class Normalized {
  private Normalized() {}

  static XmlElement of(XmlElement e) {
    Map<String, String> attributes = new LinkedHashMap<>();
    e.attributes().forEach((k, v) -> attributes.put(k, legal(v)));
    List<XmlNode> children = new ArrayList<>();
    StringBuilder text = null;
    for (XmlNode child : e.children()) {
      if (child instanceof XmlText t) {
        text = text == null ? new StringBuilder() : text;
        text.append(legal(t.text()));
        continue;
      }
      if (text != null && text.length() > 0) {
        children.add(new XmlText(text.toString()));
      }
      text = null;
      children.add(of((XmlElement) child));
    }
    if (text != null && text.length() > 0) {
      children.add(new XmlText(text.toString()));
    }
    return new XmlElement(e.name(), e.namespace(), attributes, children);
  }

  /** {@code s} without the characters (and unpaired surrogates) XML 1.0 does not allow. */
  static String legal(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (!Character.isSurrogate(c)
          && (c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\n' || c == '\r' || c == '\t')) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
