package io.switchboard.protocol.xml;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent.ElementReceived;
import io.switchboard.protocol.stream.StreamHeader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlWriterTest {
  @Test
  void write_namespacedAttributes_declaresGeneratedPrefixes() {
    XmlElement e = XmlElement.builder("x", "urn:a")
        .attr("{urn:b}one", "1").attr("{urn:b}two", "2").attr("{urn:c}three", "3").attr("xml:lang", "en")
        .build();
    assertThat(XmlWriter.write(e)).isEqualTo("<x xmlns=\"urn:a\" xmlns:ns0=\"urn:b\" ns0:one=\"1\" ns0:two=\"2\" "
        + "xmlns:ns1=\"urn:c\" ns1:three=\"3\" xml:lang=\"en\"/>");
  }

  @Test
  void write_thenDecode_roundTripsEscapesNamespacesAndAttributes() throws Exception {
    XmlElement message = XmlElement.builder("message", "jabber:client")
        .attr("to", "a@b").attr("{urn:b}flag", "x<&>'\"\n\t").attr("xml:lang", "de")
        .child(XmlElement.builder("body", "jabber:client").text("1 < 2 & \u00e9 \ud83d\ude00 ]]> \r"))
        .child(XmlElement.builder("x", "urn:other").child(XmlElement.of("y", "jabber:client")))
        .child(XmlElement.of("z", ""))
        .build();
    StreamHeader header = StreamHeader.of("jabber:client", "example.com", null, "s1", "en");
    String wire = header.toXml() + header.write(message);
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    var events = decoder.feed(wire.getBytes(UTF_8));
    XmlElement decoded = ((ElementReceived) events.get(1)).element();
    assertThat(decoded).isEqualTo(message);
  }

  /** Issue #23 F1: the URI ends at the key's last brace; it used to end at the first. */
  @Test
  void write_attributeNamespaceContainingABrace_wellFormedAndRoundTrips() throws Exception {
    XmlElement message = XmlElement.builder("message", "jabber:client")
        .attr("{urn:x}y}q", "1").attr("{a}}b}c}d", "2").attr("id", "m1")
        .child(XmlElement.builder("body", "jabber:client").text("hi"))
        .build();
    assertThat(XmlWriter.write(message, "jabber:client"))
        .isEqualTo("<message xmlns:ns0=\"urn:x}y\" ns0:q=\"1\" xmlns:ns1=\"a}}b}c\" ns1:d=\"2\" id=\"m1\">"
            + "<body>hi</body></message>");
    StreamHeader header = StreamHeader.of("jabber:client", "example.com", null, "s1", "en");
    var events = new StreamDecoder(DecoderLimits.DEFAULT).feed((header.toXml() + header.write(message)).getBytes(UTF_8));
    assertThat(((ElementReceived) events.get(1)).element()).isEqualTo(message);
  }

  @Test
  void streamPrefixedElement_namespacedAttribute_declaredLikeAnyOther() {
    XmlElement error = XmlElement.builder("error", "http://etherx.jabber.org/streams").attr("{urn:x}y}q", "1").build();
    assertThat(StreamHeader.writeTopLevel(error, "jabber:client"))
        .isEqualTo("<stream:error xmlns:ns0=\"urn:x}y\" ns0:q=\"1\"/>");
  }

  @Test
  void write_illegalCharacters_dropped() {
    XmlElement e = XmlElement.builder("b", "urn:a").attr("v", "x\u0000\ud800y").text("a\u0001\udc00\ud83d\ude00\uFFFEz").build();
    assertThat(XmlWriter.write(e)).isEqualTo("<b xmlns=\"urn:a\" v=\"xy\">a\ud83d\ude00z</b>");
  }

  @Test
  void streamHeader_opensAndWritesStreamPrefixedElements() {
    StreamHeader header = new StreamHeader("jabber:server", "example.com", "other.org", "abc", "en", "1.0",
        Map.of("db", "jabber:server:dialback"));
    assertThat(header.toXml()).isEqualTo("<?xml version='1.0'?><stream:stream from='example.com' to='other.org' "
        + "id='abc' version='1.0' xml:lang='en' xmlns='jabber:server' "
        + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback'>");
    XmlElement features = XmlElement.builder("features", "http://etherx.jabber.org/streams")
        .child(XmlElement.of("starttls", "urn:ietf:params:xml:ns:xmpp-tls")).build();
    assertThat(header.write(features)).isEqualTo(
        "<stream:features><starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/></stream:features>");
    assertThat(header.write(XmlElement.of("presence", "jabber:server"))).isEqualTo("<presence/>");
    assertThat(StreamHeader.CLOSE).isEqualTo("</stream:stream>");
  }
}
