package io.switchboard.protocol.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DialbackTest {

  /** Writes {@code e} on a jabber:server stream and reads it back with the real decoder. */
  private static XmlElement roundTrip(XmlElement e) throws Exception {
    StreamHeader header = new StreamHeader(Namespaces.JABBER_SERVER, "a.example", "b.example", "id1", null, "1.0",
        Map.of("db", Namespaces.DIALBACK));
    String xml = header.toXml() + header.write(e);
    List<StreamEvent> events = new StreamDecoder(DecoderLimits.DEFAULT).feed(xml.getBytes(StandardCharsets.UTF_8));
    return ((StreamEvent.ElementReceived) events.get(1)).element();
  }

  @Test
  void result_request_roundTrips() throws Exception {
    Dialback.Result r = Dialback.Result.request("sender.example", "receiver.example", "abc123");
    assertThat(Dialback.result(roundTrip(r.toElement()))).contains(r);
  }

  @Test
  void result_errorAnswer_xep0220_2_4_typeErrorWithTheStanzaErrorInside() throws Exception {
    Dialback.Result r = Dialback.Result.request("sender.example", "receiver.example", "k");
    XmlElement e = roundTrip(r.errorAnswer(io.switchboard.protocol.error.StanzaError.of(
        io.switchboard.protocol.error.StanzaErrorCondition.ITEM_NOT_FOUND)));
    assertThat(Dialback.result(e)).contains(r.answer(Dialback.Type.ERROR));
    XmlElement error = e.child("error", Namespaces.JABBER_SERVER).orElseThrow();
    assertThat(error.attr("type")).isEqualTo("cancel");
    assertThat(error.child("item-not-found", Namespaces.STANZA_ERRORS)).isPresent();
  }

  @Test
  void verify_errorAnswer_keepsTheId() throws Exception {
    Dialback.Verify v = Dialback.Verify.request("receiver.example", "sender.example", "s1", "k");
    XmlElement e = roundTrip(v.errorAnswer(io.switchboard.protocol.error.StanzaError.of(
        io.switchboard.protocol.error.StanzaErrorCondition.ITEM_NOT_FOUND)));
    assertThat(Dialback.verify(e)).contains(v.answer(Dialback.Type.ERROR));
    assertThat(e.child("error", Namespaces.JABBER_SERVER)).isPresent();
  }

  @Test
  void result_answer_swapsDomainsAndCarriesNoKey() throws Exception {
    Dialback.Result answer = Dialback.Result.request("sender.example", "receiver.example", "k").answer(Dialback.Type.VALID);
    assertThat(answer.from()).isEqualTo("receiver.example");
    assertThat(answer.to()).isEqualTo("sender.example");
    assertThat(answer.key()).isNull();
    assertThat(Dialback.result(roundTrip(answer.toElement()))).contains(answer);
  }

  @Test
  void verify_requestAndAnswer_roundTrip() throws Exception {
    Dialback.Verify v = Dialback.Verify.request("receiver.example", "sender.example", "D60000229F", "k3y");
    assertThat(Dialback.verify(roundTrip(v.toElement()))).contains(v);
    Dialback.Verify a = v.answer(Dialback.Type.INVALID);
    assertThat(Dialback.verify(roundTrip(a.toElement()))).contains(a);
    assertThat(a.id()).isEqualTo("D60000229F");
  }

  @Test
  void result_prefixedAsPeersWriteIt_isRead() throws Exception {
    String xml = "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
        + " xmlns:db='jabber:server:dialback' version='1.0'>"
        + "<db:result from='a.example' to='b.example' type='valid'/>";
    List<StreamEvent> events = new StreamDecoder(DecoderLimits.DEFAULT).feed(xml.getBytes(StandardCharsets.UTF_8));
    XmlElement e = ((StreamEvent.ElementReceived) events.get(1)).element();
    assertThat(Dialback.result(e)).contains(new Dialback.Result("a.example", "b.example", Dialback.Type.VALID, null));
  }

  @Test
  void result_unknownTypeOrMissingTo_isNotADialbackResult() {
    XmlElement badType = XmlElement.builder("result", Namespaces.DIALBACK).attr("from", "a").attr("to", "b")
        .attr("type", "maybe").build();
    XmlElement noTo = XmlElement.builder("result", Namespaces.DIALBACK).attr("from", "a").build();
    assertThat(Dialback.result(badType)).isEmpty();
    assertThat(Dialback.result(noTo)).isEmpty();
    assertThat(Dialback.verify(XmlElement.builder("verify", Namespaces.DIALBACK).attr("from", "a").attr("to", "b")
        .build())).as("no id").isEmpty();
  }
}
