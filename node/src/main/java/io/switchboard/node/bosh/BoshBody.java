package io.switchboard.node.bosh;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One client request's {@code <body/>} (XEP-0124 §7, XEP-0206 §3), read once: the attributes this
 * server acts on and the payload elements. Attribute values that do not parse are empty, and the
 * caller answers {@code bad-request}.
 */
record BoshBody(XmlElement element) {
  static final String RESTART = "{" + Namespaces.XBOSH + "}restart";
  static final String VERSION = "{" + Namespaces.XBOSH + "}version";

  static boolean isBody(XmlElement e) {
    return e.is("body", Namespaces.HTTPBIND);
  }

  /** XEP-0124 §7: a request identifier, 1..2^53-1. */
  OptionalLong rid() {
    return number("rid", 1L, (1L << 53) - 1);
  }

  Optional<String> sid() {
    return Optional.ofNullable(element.attr("sid"));
  }

  boolean terminate() {
    return "terminate".equals(element.attr("type"));
  }

  /** XEP-0206 §5: {@code xmpp:restart='true'} after SASL success. */
  boolean restart() {
    return "true".equals(element.attr(RESTART)) || "1".equals(element.attr(RESTART));
  }

  OptionalLong ack() {
    return number("ack", 0L, (1L << 53) - 1);
  }

  OptionalLong pause() {
    return number("pause", 0L, Integer.MAX_VALUE);
  }

  OptionalLong wait_() {
    return number("wait", 0L, Integer.MAX_VALUE);
  }

  OptionalLong hold() {
    return number("hold", 0L, Integer.MAX_VALUE);
  }

  Optional<String> to() {
    return Optional.ofNullable(element.attr("to"));
  }

  Optional<String> ver() {
    return Optional.ofNullable(element.attr("ver"));
  }

  Optional<String> lang() {
    return Optional.ofNullable(element.attr("xml:lang"));
  }

  /** XEP-0206 §4: {@code xmpp:version}; absent means a pre-1.0 client. */
  Optional<String> xmppVersion() {
    return Optional.ofNullable(element.attr(VERSION));
  }

  List<XmlElement> payload() {
    return element.elements();
  }

  /** Whether an attribute is present but not a number in range. */
  boolean malformed(String name) {
    return element.attr(name) != null && number(name, 0, Long.MAX_VALUE).isEmpty();
  }

  private OptionalLong number(String name, long min, long max) {
    String v = element.attr(name);
    if (v == null || v.isEmpty() || v.length() > 19 || !v.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    try {
      long n = Long.parseLong(v);
      return n < min || n > max ? OptionalLong.empty() : OptionalLong.of(n);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
