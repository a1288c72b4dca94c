package io.switchboard.bench.client;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.sasl.SaslPayloads;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlWriter;

/** The client's side of stream negotiation (RFC 6120 §4–§7), as text ready to send. */
final class ClientStanzas {
  static final String BIND_ID = "bind1";
  static final String SESSION_ID = "sess1";
  static final String ROSTER_ID = "roster1";
  static final String CLOSE = "</stream:stream>";
  static final String STARTTLS = XmlWriter.write(XmlElement.of("starttls", Namespaces.TLS), Namespaces.JABBER_CLIENT);
  static final String INITIAL_PRESENCE = "<presence/>";
  static final String SM_ENABLE = XmlWriter.write(
      XmlElement.builder("enable", Namespaces.STREAM_MANAGEMENT).attr("resume", "true").build(),
      Namespaces.JABBER_CLIENT);
  static final String ROSTER_GET = XmlWriter.write(
      XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "get").attr("id", ROSTER_ID)
          .child(XmlElement.of("query", Namespaces.ROSTER)).build(),
      Namespaces.JABBER_CLIENT);
  static final String SESSION = XmlWriter.write(
      XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "set").attr("id", SESSION_ID)
          .child(XmlElement.of("session", Namespaces.SESSION)).build(),
      Namespaces.JABBER_CLIENT);

  private ClientStanzas() {}

  /** The initial stream header (RFC 6120 §4.7), sent again after STARTTLS and SASL success. */
  static String header(String domain) {
    StringBuilder sb = new StringBuilder(160).append("<?xml version='1.0'?><stream:stream to='");
    XmlWriter.escapeAttribute(domain, sb);
    return sb.append("' version='1.0' xml:lang='en' xmlns='").append(Namespaces.JABBER_CLIENT)
        .append("' xmlns:stream='").append(Namespaces.STREAMS).append("'>").toString();
  }

  static String auth(String mechanism, byte[] initialResponse) {
    return write(XmlElement.builder("auth", Namespaces.SASL).attr("mechanism", mechanism)
        .text(SaslPayloads.encode(initialResponse)).build());
  }

  static String response(byte[] data) {
    return write(XmlElement.builder("response", Namespaces.SASL).text(SaslPayloads.encode(data)).build());
  }

  static String bind(String resource) {
    return write(XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "set").attr("id", BIND_ID)
        .child(XmlElement.builder("bind", Namespaces.BIND).textChild("resource", resource)).build());
  }

  /** An empty IQ result to a get/set the session handles (ping, roster push). */
  static String iqResult(XmlElement request) {
    XmlElement.Builder b = XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "result");
    copy(request, "id", "id", b);
    copy(request, "from", "to", b);
    return write(b.build());
  }

  /** RFC 6120 §8.2.3: an IQ get/set the client does not handle gets service-unavailable. */
  static String iqError(XmlElement request) {
    XmlElement.Builder b = XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "error");
    copy(request, "id", "id", b);
    copy(request, "from", "to", b);
    b.child(XmlElement.builder("error", Namespaces.JABBER_CLIENT).attr("type", "cancel")
        .child(XmlElement.of("service-unavailable", Namespaces.STANZA_ERRORS)));
    return write(b.build());
  }

  /** XEP-0198 §4: the answer to the server's request, h = stanzas handled (mod 2^32). */
  static String smAck(long handled) {
    return write(XmlElement.builder("a", Namespaces.STREAM_MANAGEMENT)
        .attr("h", Long.toString(handled & 0xFFFF_FFFFL)).build());
  }

  private static void copy(XmlElement from, String key, String as, XmlElement.Builder to) {
    String value = from.attr(key);
    if (value != null) {
      to.attr(as, value);
    }
  }

  private static String write(XmlElement element) {
    return XmlWriter.write(element, Namespaces.JABBER_CLIENT);
  }
}
