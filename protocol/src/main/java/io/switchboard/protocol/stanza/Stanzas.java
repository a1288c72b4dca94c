package io.switchboard.protocol.stanza;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.Jid;

/**
 * Thin accessors over the stanza's {@link XmlElement} (which stays the model) and the replies
 * every component needs: IQ results and error replies (RFC 6120 §8.3.1).
 */
public final class Stanzas {
  private Stanzas() {}

  public static Optional<String> id(XmlElement stanza) {
    return stanza.attribute("id");
  }

  public static Optional<String> type(XmlElement stanza) {
    return stanza.attribute("type");
  }

  /** The parsed 'to' address; empty when absent or malformed (see {@link #hasMalformedAddress}). */
  public static Optional<Jid> to(XmlElement stanza) {
    return address(stanza, "to");
  }

  /** The parsed 'from' address; empty when absent or malformed. */
  public static Optional<Jid> from(XmlElement stanza) {
    return address(stanza, "from");
  }

  /** Whether 'to' or 'from' is present but not a valid JID (answer jid-malformed). */
  public static boolean hasMalformedAddress(XmlElement stanza) {
    String to = stanza.attr("to");
    String from = stanza.attr("from");
    return to != null && Jids.parse(to).isEmpty() || from != null && Jids.parse(from).isEmpty();
  }

  public static boolean isError(XmlElement stanza) {
    return "error".equals(stanza.attr("type"));
  }

  /**
   * Whether an error may be sent in answer to this stanza (RFC 6120 §8.3.1): never to an error,
   * nor to an IQ that is not a request.
   */
  public static boolean mayBounce(XmlElement stanza) {
    if (isError(stanza)) {
      return false;
    }
    return !stanza.name().equals("iq") || IqType.fromWireName(stanza.attr("type")).map(IqType::isRequest).orElse(false);
  }

  /** A {@code <presence/>} in the client namespace; {@code from} and {@code to} may be null. */
  public static XmlElement presence(String from, String to, PresenceType type) {
    return XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("from", from).attr("to", to)
        .attr("type", type.wireName()).build();
  }

  /** The error reply to {@code stanza} carrying {@code error}; empty when it must not be answered. */
  public static Optional<XmlElement> errorReply(XmlElement stanza, StanzaError error) {
    return mayBounce(stanza) ? errorReply(stanza, error, false) : Optional.empty();
  }

  /** The stanza with 'from' set (the server stamps it on everything a client sends). */
  public static XmlElement withFrom(XmlElement stanza, Jid from) {
    return stanza.withAttribute("from", from.toString());
  }

  public static XmlElement withTo(XmlElement stanza, Jid to) {
    return stanza.withAttribute("to", to.toString());
  }

  /** {@code <iq type='result'/>} answering a get or set: id kept, to and from swapped. */
  public static XmlElement iqResult(XmlElement iq) {
    return iqResult(iq, null);
  }

  /** An IQ result carrying {@code payload} (may be null). */
  public static XmlElement iqResult(XmlElement iq, XmlElement payload) {
    XmlElement.Builder b = XmlElement.builder("iq", iq.namespace())
        .attr("type", IqType.RESULT.wireName())
        .attr("id", iq.attr("id"))
        .attr("from", iq.attr("to"))
        .attr("to", iq.attr("from"));
    if (payload != null) {
      b.child(payload);
    }
    return b.build();
  }

  /** See {@link #errorReply(XmlElement, StanzaError, boolean)}; without the original payload. */
  public static Optional<XmlElement> errorReply(XmlElement stanza, StanzaErrorCondition condition) {
    return errorReply(stanza, StanzaError.of(condition), false);
  }

  public static Optional<XmlElement> errorReply(XmlElement stanza, StanzaErrorCondition condition, String text) {
    return errorReply(stanza, StanzaError.of(condition, text), false);
  }

  /**
   * The error reply to {@code stanza} (RFC 6120 §8.3.1): same element name and namespace,
   * type='error', id kept, 'from' and 'to' swapped, the {@code <error/>} child last. With
   * {@code includeOriginal} the original child elements come first so the sender can see what
   * failed (the RFC allows this; it is most useful for IQs).
   *
   * @return empty when {@code stanza} is itself an error: an error is never answered with an
   *     error (RFC 6120 §8.3.1)
   */
  public static Optional<XmlElement> errorReply(XmlElement stanza, StanzaError error, boolean includeOriginal) {
    if (isError(stanza)) {
      return Optional.empty();
    }
    List<XmlNode> children = new ArrayList<>();
    if (includeOriginal) {
      children.addAll(stanza.elements());
    }
    children.add(error.toElement(stanza.namespace()));
    XmlElement reply = XmlElement.builder(stanza.name(), stanza.namespace())
        .attr("type", "error")
        .attr("id", stanza.attr("id"))
        .attr("from", stanza.attr("to"))
        .attr("to", stanza.attr("from"))
        .attr("xml:lang", stanza.attr("xml:lang"))
        .children(children)
        .build();
    return Optional.of(reply);
  }

  private static Optional<Jid> address(XmlElement stanza, String key) {
    String value = stanza.attr(key);
    return value == null ? Optional.empty() : Jids.parse(value);
  }
}
