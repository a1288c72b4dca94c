package io.switchboard.sharding.stanza;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The stanza helpers the domain uses: namespace names (the protocol module's), IQ results (the
 * protocol module's), stanza errors built from condition names (RFC 6120 §8.3) and XEP-0203 delay
 * stamps.
 */
public final class Stanzas {
  public static final String CLIENT = Namespaces.JABBER_CLIENT;
  public static final String STANZA_ERRORS = Namespaces.STANZA_ERRORS;
  public static final String ROSTER = Namespaces.ROSTER;
  public static final String BLOCKING = Namespaces.BLOCKING;
  public static final String BLOCKING_ERRORS = Namespaces.BLOCKING_ERRORS;
  public static final String VCARD = Namespaces.VCARD_TEMP;
  public static final String PRIVATE = Namespaces.PRIVATE;
  public static final String DISCO_INFO = Namespaces.DISCO_INFO;
  public static final String DISCO_ITEMS = Namespaces.DISCO_ITEMS;
  public static final String DELAY = Namespaces.DELAY;
  public static final String CHAT_STATES = Namespaces.CHAT_STATES;

  private Stanzas() {}

  /** The {@code type} attribute, or {@code fallback} when absent. */
  public static String type(XmlElement stanza, String fallback) {
    String t = stanza.attr("type");
    return t == null ? fallback : t;
  }

  public static boolean isError(XmlElement stanza) {
    return "error".equals(stanza.attr("type"));
  }

  /** May an error be sent in answer to this stanza? Never to an error, nor to an IQ result. */
  public static boolean mayBounce(XmlElement stanza) {
    String type = stanza.attr("type");
    if ("error".equals(type)) {
      return false;
    }
    return !stanza.name().equals("iq") || "get".equals(type) || "set".equals(type);
  }

  /** An empty IQ result to {@code iq} (to/from swapped, same id). */
  public static XmlElement result(XmlElement iq) {
    return io.switchboard.protocol.stanza.Stanzas.iqResult(iq);
  }

  public static XmlElement result(XmlElement iq, XmlElement payload) {
    return io.switchboard.protocol.stanza.Stanzas.iqResult(iq, payload);
  }

  /**
   * A stanza error answering {@code stanza}: same element name and id, to/from swapped,
   * {@code type='error'}, {@code <error type=..><condition xmlns='...stanzas'/></error>}.
   */
  public static XmlElement error(XmlElement stanza, String errorType, String condition) {
    return error(stanza, errorType, condition, null);
  }

  /** As {@link #error(XmlElement, String, String)} with an application-specific condition. */
  public static XmlElement error(
      XmlElement stanza, String errorType, String condition, XmlElement applicationCondition) {
    XmlElement.Builder error = XmlElement.builder("error", stanza.namespace())
        .attr("type", errorType)
        .child(XmlElement.of(condition, STANZA_ERRORS));
    if (applicationCondition != null) {
      error.child(applicationCondition);
    }
    return reply(stanza, "error").child(error).build();
  }

  /** Adds an XEP-0203 delay element stamped by {@code from} at {@code stamp} (XEP-0082, UTC). */
  public static XmlElement withDelay(XmlElement stanza, String from, Instant stamp) {
    return stanza.withChild(XmlElement.builder("delay", DELAY)
        .attr("from", from)
        .attr("stamp", stamp.truncatedTo(ChronoUnit.MILLIS).toString())
        .build());
  }

  /** A {@code <presence/>} in the client namespace. */
  public static XmlElement presence(String from, String to, String type) {
    return XmlElement.builder("presence", CLIENT).attr("from", from).attr("to", to)
        .attr("type", type).build();
  }

  private static XmlElement.Builder reply(XmlElement stanza, String type) {
    return XmlElement.builder(stanza.name(), stanza.namespace())
        .attr("from", stanza.attr("to"))
        .attr("to", stanza.attr("from"))
        .attr("id", stanza.attr("id"))
        .attr("type", type);
  }
}
