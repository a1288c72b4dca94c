package io.switchboard.protocol.stream;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What {@link StreamDecoder} reports, in stream order. */
public sealed interface StreamEvent
    permits StreamEvent.StreamOpened, StreamEvent.ElementReceived, StreamEvent.Whitespace, StreamEvent.StreamClosed {

  /**
   * The peer's stream header ({@code <stream:stream ...>}). Attribute keys are as written for
   * namespace declarations ({@code xmlns}, {@code xmlns:stream}), {@code xml:lang} for the XML
   * namespace and local names otherwise ({@code to}, {@code from}, {@code version}, {@code id}).
   */
  record StreamOpened(Map<String, String> attributes) implements StreamEvent {
    public StreamOpened {
      attributes = Map.copyOf(attributes);
    }

    public Optional<String> attribute(String key) {
      return Optional.ofNullable(attributes.get(key));
    }

    public Optional<String> to() {
      return attribute("to");
    }

    public Optional<String> from() {
      return attribute("from");
    }

    public Optional<String> version() {
      return attribute("version");
    }

    public Optional<String> id() {
      return attribute("id");
    }

    public Optional<String> lang() {
      return attribute("xml:lang");
    }

    /** The default namespace of the stream (jabber:client, jabber:server, ...). */
    public String contentNamespace() {
      return attributes.get("xmlns");
    }
  }

  /**
   * A complete first-level child of the stream (a stanza or a negotiation element), with its size
   * on the wire in bytes.
   */
  record ElementReceived(XmlElement element, int sizeBytes) implements StreamEvent {
    public ElementReceived {
      Objects.requireNonNull(element, "element");
    }
  }

  /** Whitespace between first-level elements (a keepalive, RFC 6120 §4.6.1). */
  record Whitespace(int bytes) implements StreamEvent {}

  /** The peer closed its stream ({@code </stream:stream>}). */
  enum StreamClosed implements StreamEvent {
    INSTANCE
  }
}
