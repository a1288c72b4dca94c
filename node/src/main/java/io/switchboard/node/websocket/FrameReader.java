package io.switchboard.node.websocket;

import io.switchboard.node.stream.DecodeFailure;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.stream.FragmentParser;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.xml.XmlElement;
import java.util.HashMap;
import java.util.Map;

/**
 * RFC 7395 framing on the way in: one parsed WebSocket message becomes one stream event for the
 * {@code ClientStream}: {@code <open/>} the stream header, {@code <close/>} the closing tag, any
 * other element a first-level element. A stream starts with {@code <open/>}, and again after
 * each restart (SASL success); anything else there is refused. Used on the stream's thread.
 */
final class FrameReader {
  private boolean awaitingOpen = true;

  /** After SASL success (RFC 7395 §3.5): the client opens a new stream. */
  void expectOpen() {
    awaitingOpen = true;
  }

  /** A {@link StreamEvent} or a {@link DecodeFailure}. */
  Object toEvent(FragmentParser.Result result, int size) {
    if (result instanceof FragmentParser.Refused r) {
      return new DecodeFailure(r.error());
    }
    XmlElement e = ((FragmentParser.Parsed) result).element();
    if (e.is("open", Namespaces.FRAMING)) {
      if (!awaitingOpen) {
        return failure(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "the stream is already open");
      }
      awaitingOpen = false;
      Map<String, String> header = new HashMap<>(e.attributes());
      header.put("xmlns", Namespaces.JABBER_CLIENT);
      return new StreamEvent.StreamOpened(header);
    }
    if (e.is("close", Namespaces.FRAMING)) {
      return StreamEvent.StreamClosed.INSTANCE;
    }
    if (awaitingOpen) {
      // RFC 7395 §3.3.2: the stream begins with <open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>
      // (not <stream:stream/>, which belongs to TCP).
      return failure(StreamErrorCondition.INVALID_NAMESPACE,
          "a stream starts with <open xmlns='" + Namespaces.FRAMING + "'/>");
    }
    return new StreamEvent.ElementReceived(e, size);
  }

  private static DecodeFailure failure(StreamErrorCondition condition, String text) {
    return new DecodeFailure(StreamError.of(condition, text));
  }
}
