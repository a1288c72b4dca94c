package io.switchboard.protocol.stanza;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Locale;

/** Message types (RFC 6121 §5.2.2). */
public enum MessageType {
  CHAT,
  ERROR,
  GROUPCHAT,
  HEADLINE,
  NORMAL;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  /** A missing or unknown type is "normal" (RFC 6121 §5.2.2). */
  public static MessageType fromWireName(String type) {
    if (type != null) {
      for (MessageType t : values()) {
        if (t.wireName.equals(type)) {
          return t;
        }
      }
    }
    return NORMAL;
  }

  public static MessageType of(XmlElement message) {
    return fromWireName(message.attr("type"));
  }
}
