package io.switchboard.protocol.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.StreamEvent.ElementReceived;
import io.switchboard.protocol.stream.StreamEvent.StreamClosed;
import io.switchboard.protocol.stream.StreamEvent.StreamOpened;
import io.switchboard.protocol.stream.StreamEvent.Whitespace;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlText;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamDecoderTest {
  private static final String HEADER = "<?xml version='1.0'?>\n<stream:stream to='example.com' version='1.0' "
      + "xml:lang='en' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

  private static final String MESSAGE = "<message to='juliet@example.com/balcony' id='m1' type='chat' xml:lang='fr'>"
      + "<body>h\u00e9llo &amp; &lt;b&gt; &#x1F600; \u65e5\u672c \ud83d\ude00</body>"
      + "<x:y xmlns:x='urn:test' x:a='1' b='&apos;2&quot;'><![CDATA[<raw> \u00e9]]></x:y>"
      + "<thread/></message>";
  private static final String PRESENCE = "<presence><priority>5</priority></presence>";
  private static final String IQ = "<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>";

  private static final String SESSION = HEADER + MESSAGE + "\n " + PRESENCE + " " + IQ + "</stream:stream>";

  @Test
  void feed_wholeSession_reportsHeaderStanzasWhitespaceAndClose() throws Exception {
    List<StreamEvent> events = merge(new StreamDecoder(DecoderLimits.DEFAULT).feed(SESSION.getBytes(UTF_8)));

    assertThat(events).hasSize(7);
    StreamOpened opened = (StreamOpened) events.get(0);
    assertThat(opened.to()).contains("example.com");
    assertThat(opened.version()).contains("1.0");
    assertThat(opened.lang()).contains("en");
    assertThat(opened.contentNamespace()).isEqualTo(Namespaces.JABBER_CLIENT);
    assertThat(opened.attributes()).containsEntry("xmlns:stream", Namespaces.STREAMS);

    ElementReceived message = (ElementReceived) events.get(1);
    XmlElement m = message.element();
    assertThat(m.name()).isEqualTo("message");
    assertThat(m.namespace()).isEqualTo(Namespaces.JABBER_CLIENT);
    assertThat(m.attr("xml:lang")).isEqualTo("fr");
    assertThat(m.childText("body", Namespaces.JABBER_CLIENT))
        .contains("h\u00e9llo & <b> \ud83d\ude00 \u65e5\u672c \ud83d\ude00");
    XmlElement y = m.child("y", "urn:test").orElseThrow();
    assertThat(y.attributes()).containsEntry("{urn:test}a", "1").containsEntry("b", "'2\"");
    assertThat(y.text()).isEqualTo("<raw> \u00e9");
    assertThat(m.child("thread", Namespaces.JABBER_CLIENT)).isPresent();
    assertThat(message.sizeBytes()).isEqualTo(MESSAGE.getBytes(UTF_8).length);

    assertThat(events.get(2)).isEqualTo(new Whitespace(2));
    ElementReceived presence = (ElementReceived) events.get(3);
    assertThat(presence.element().childText("priority", Namespaces.JABBER_CLIENT)).contains("5");
    assertThat(presence.sizeBytes()).isEqualTo(PRESENCE.length());
    assertThat(events.get(4)).isEqualTo(new Whitespace(1));
    ElementReceived iq = (ElementReceived) events.get(5);
    assertThat(iq.element().child("ping", Namespaces.PING)).isPresent();
    assertThat(iq.sizeBytes()).isEqualTo(IQ.length());
    assertThat(events.get(6)).isEqualTo(StreamClosed.INSTANCE);
  }

  @Test
  void hibernate_betweenStanzas_dropsTheParser_andTheNextStanzaParsesWithTheHeadersNamespaces() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed((HEADER + PRESENCE).getBytes(UTF_8));

    assertThat(decoder.hibernate()).isTrue();
    assertThat(decoder.isHibernating()).isTrue();
    List<StreamEvent> events = merge(decoder.feed((MESSAGE + IQ + "</stream:stream>").getBytes(UTF_8)));

    assertThat(decoder.isHibernating()).isFalse();
    ElementReceived message = (ElementReceived) events.get(0);
    assertThat(message.element().namespace()).isEqualTo(Namespaces.JABBER_CLIENT);
    assertThat(message.element().child("y", "urn:test")).isPresent();
    assertThat(message.sizeBytes()).as("sizes count the peer's bytes only").isEqualTo(MESSAGE.getBytes(UTF_8).length);
    assertThat(((ElementReceived) events.get(1)).element().child("ping", Namespaces.PING)).isPresent();
    assertThat(events.get(2)).isEqualTo(StreamClosed.INSTANCE);
  }

  @Test
  void hibernate_midStanzaOrBeforeTheHeader_keepsTheParser() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    assertThat(decoder.hibernate()).as("no header yet").isFalse();
    decoder.feed((HEADER + "<presence><prio").getBytes(UTF_8));
    assertThat(decoder.hibernate()).as("inside a stanza").isFalse();

    List<StreamEvent> events = decoder.feed("rity>5</priority></presence>".getBytes(UTF_8));
    assertThat(((ElementReceived) events.get(0)).element().childText("priority", Namespaces.JABBER_CLIENT)).contains("5");
  }

  @Test
  void feed_splitAtEveryBytePosition_givesTheSameEvents() throws Exception {
    byte[] bytes = SESSION.getBytes(UTF_8);
    List<StreamEvent> expected = merge(new StreamDecoder(DecoderLimits.DEFAULT).feed(bytes));
    for (int split = 1; split < bytes.length; split++) {
      StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
      List<StreamEvent> events = new ArrayList<>();
      decoder.feed(bytes, 0, split, events::add);
      decoder.feed(bytes, split, bytes.length - split, events::add);
      assertThat(merge(events)).as("split at %d", split).isEqualTo(expected);
    }
  }

  @Test
  void feed_oneByteAtATime_givesTheSameEvents() throws Exception {
    byte[] bytes = SESSION.getBytes(UTF_8);
    List<StreamEvent> expected = merge(new StreamDecoder(DecoderLimits.DEFAULT).feed(bytes));
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    List<StreamEvent> events = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      decoder.feed(bytes, i, 1, events::add);
    }
    assertThat(merge(events)).isEqualTo(expected);
  }

  @Test
  void feed_splitInsideMultiByteCharacters_decodesThem() throws Exception {
    String text = "\u00e9\u65e5\ud83d\ude00";
    byte[] header = HEADER.getBytes(UTF_8);
    byte[] stanza = ("<message><body>" + text + "</body></message>").getBytes(UTF_8);
    int bodyStart = "<message><body>".length();
    for (int split = bodyStart; split <= bodyStart + text.getBytes(UTF_8).length; split++) {
      StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
      List<StreamEvent> events = new ArrayList<>();
      decoder.feed(header, 0, header.length, events::add);
      decoder.feed(stanza, 0, split, events::add);
      decoder.feed(stanza, split, stanza.length - split, events::add);
      XmlElement m = ((ElementReceived) events.get(1)).element();
      assertThat(m.childText("body", Namespaces.JABBER_CLIENT)).as("split %d", split).contains(text);
    }
  }

  @Test
  void feed_directByteBuffer_parses() throws Exception {
    byte[] bytes = SESSION.getBytes(UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
    direct.put(bytes).flip();
    List<StreamEvent> events = new ArrayList<>();
    int left = new StreamDecoder(DecoderLimits.DEFAULT).feed(direct, events::add);
    assertThat(left).isZero();
    assertThat(merge(events)).isEqualTo(merge(new StreamDecoder(DecoderLimits.DEFAULT).feed(bytes)));
  }

  @Test
  void feed_prefixedContentNamespaceWithoutDefaultOnChildren_resolves() throws Exception {
    String in = "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
        + "xmlns:db='jabber:server:dialback'><db:result to='a' from='b'>key</db:result>"
        + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>";
    List<StreamEvent> events = new StreamDecoder(DecoderLimits.DEFAULT).feed(in.getBytes(UTF_8));
    XmlElement result = ((ElementReceived) events.get(1)).element();
    assertThat(result.is("result", Namespaces.DIALBACK)).isTrue();
    assertThat(result.text()).isEqualTo("key");
    XmlElement features = ((ElementReceived) events.get(2)).element();
    assertThat(features.is("features", Namespaces.STREAMS)).isTrue();
    assertThat(features.child("starttls", Namespaces.TLS)).isPresent();
  }

  @Test
  void feed_whitespaceKeepalive_isReportedBeforeTheNextStanza() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    assertThat(decoder.feed(" ".getBytes(UTF_8))).containsExactly(new Whitespace(1));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "<!DOCTYPE stream:stream>" + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>|RESTRICTED_XML",
      "<!DOCTYPE x [<!ENTITY a 'b'>]><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>|RESTRICTED_XML",
      "<!-- hi --><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>|RESTRICTED_XML",
      "<?php x?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>|RESTRICTED_XML",
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message><body>&lol;</body></message>|RESTRICTED_XML",
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message to='&lol;'/>|RESTRICTED_XML",
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message><!-- c --></message>|RESTRICTED_XML",
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message><?pi x?></message>|RESTRICTED_XML",
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message></body><x/>|NOT_WELL_FORMED",
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message a='1' a='2'/>|NOT_WELL_FORMED",
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><x:message/>|NOT_WELL_FORMED",
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>hello|BAD_FORMAT",
      "GET / HTTP/1.1|NOT_WELL_FORMED",
      "<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong'>|INVALID_NAMESPACE",
      "<stream xmlns='http://etherx.jabber.org/streams'>|INVALID_NAMESPACE",
      "<stream:stream xmlns='jabber:wrong' xmlns:stream='http://etherx.jabber.org/streams'>|INVALID_NAMESPACE",
      "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>|INVALID_NAMESPACE",
      "<stream:foo xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>|INVALID_NAMESPACE",
      "<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>|UNSUPPORTED_ENCODING",
  })
  void feed_badInput_throwsTheRightStreamError(String input, StreamErrorCondition condition) {
    byte[] bytes = input.getBytes(UTF_8);
    StreamErrorException whole =
        catchThrowableOfType(StreamErrorException.class, () -> new StreamDecoder(DecoderLimits.DEFAULT).feed(bytes));
    assertThat(whole).as("whole input").isNotNull();
    assertThat(whole.condition()).isEqualTo(condition);
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    StreamErrorException chunked = catchThrowableOfType(StreamErrorException.class, () -> {
      for (int i = 0; i < bytes.length; i++) {
        decoder.feed(bytes, i, 1, e -> { });
      }
    });
    assertThat(chunked).as("byte by byte").isNotNull();
    assertThat(chunked.condition()).isEqualTo(condition);
  }

  @Test
  void feed_utf16ByteOrderMark_unsupportedEncoding() {
    byte[] bytes = "\ufeff<stream:stream>".getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    assertThatThrownBy(() -> new StreamDecoder(DecoderLimits.DEFAULT).feed(bytes))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING));
  }

  @Test
  void feed_utf16WithoutByteOrderMark_unsupportedEncoding() {
    byte[] bytes = "<stream:stream xmlns='jabber:client'>".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
    assertThatThrownBy(() -> new StreamDecoder(DecoderLimits.DEFAULT).feed(bytes))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING));
  }

  @Test
  void feed_invalidUtf8_notWellFormed() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    byte[] bad = {'<', 'm', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'm', '>'};
    assertThatThrownBy(() -> decoder.feed(bad))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED));
  }

  @Test
  void feed_contentNamespaceNotAccepted_invalidNamespace() {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT, Set.of(Namespaces.JABBER_CLIENT));
    String header = "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'>";
    assertThatThrownBy(() -> decoder.feed(header.getBytes(UTF_8)))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.INVALID_NAMESPACE));
  }

  @Test
  void feed_incompleteOversizedStanza_policyViolationBeforeItEnds() throws Exception {
    DecoderLimits limits = DecoderLimits.DEFAULT.withMaxStanzaBytes(4096);
    StreamDecoder decoder = new StreamDecoder(limits);
    decoder.feed(HEADER.getBytes(UTF_8));
    decoder.feed("<message><body>".getBytes(UTF_8));
    byte[] filler = "a".repeat(1000).getBytes(UTF_8);
    int fed = 15;
    StreamErrorException error = null;
    while (error == null && fed < 10 * 4096) {
      try {
        decoder.feed(filler);
        fed += filler.length;
      } catch (StreamErrorException e) {
        error = e;
      }
    }
    assertThat(error).isNotNull();
    assertThat(error.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
    assertThat(fed).isLessThanOrEqualTo(4096 + filler.length);
  }

  @Test
  void feed_oversizedStanzaInOneChunk_policyViolation() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT.withMaxStanzaBytes(4096));
    decoder.feed(HEADER.getBytes(UTF_8));
    byte[] big = ("<message><body>" + "x".repeat(5000) + "</body></message>").getBytes(UTF_8);
    assertThatThrownBy(() -> decoder.feed(big))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
  }

  @Test
  void feed_oversizedStartTag_policyViolation() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT.withMaxStanzaBytes(4096));
    decoder.feed(HEADER.getBytes(UTF_8));
    byte[] big = ("<message to='" + "x".repeat(9000)).getBytes(UTF_8);
    assertThatThrownBy(() -> decoder.feed(big))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
  }

  @Test
  void feed_oversizedStreamHeader_policyViolation() {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT.withMaxStanzaBytes(4096));
    byte[] big = ("<stream:stream to='" + "x".repeat(9000)).getBytes(UTF_8);
    assertThatThrownBy(() -> decoder.feed(big))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
  }

  @Test
  void feed_stanzaExactlyAtLimit_isAccepted() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT.withMaxStanzaBytes(4096));
    decoder.feed(HEADER.getBytes(UTF_8));
    String open = "<message><body>";
    String close = "</body></message>";
    String stanza = open + "y".repeat(4096 - open.length() - close.length()) + close;
    List<StreamEvent> events = decoder.feed(stanza.getBytes(UTF_8));
    assertThat(events).singleElement().isInstanceOfSatisfying(ElementReceived.class,
        e -> assertThat(e.sizeBytes()).isEqualTo(4096));
    String tooBig = open + "y".repeat(4097 - open.length() - close.length()) + close;
    assertThatThrownBy(() -> decoder.feed(tooBig.getBytes(UTF_8))).isInstanceOf(StreamErrorException.class);
  }

  @Test
  void feed_nestingDeeperThanLimit_policyViolation() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT.withMaxDepth(4));
    decoder.feed(HEADER.getBytes(UTF_8));
    assertThat(decoder.feed("<a><b><c><d/></c></b></a>".getBytes(UTF_8))).hasSize(1);
    assertThatThrownBy(() -> decoder.feed("<a><b><c><d><e>".getBytes(UTF_8)))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
  }

  @Test
  void feed_tooManyAttributes_policyViolation() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    StringBuilder sb = new StringBuilder("<message");
    for (int i = 0; i < 65; i++) {
      sb.append(" a").append(i).append("='v'");
    }
    sb.append("/>");
    assertThatThrownBy(() -> decoder.feed(sb.toString().getBytes(UTF_8)))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
  }

  @Test
  void feed_afterError_staysFailed() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    assertThatThrownBy(() -> decoder.feed("<a></b><c/>".getBytes(UTF_8))).isInstanceOf(StreamErrorException.class);
    assertThatThrownBy(() -> decoder.feed(PRESENCE.getBytes(UTF_8)))
        .isInstanceOfSatisfying(StreamErrorException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED));
  }

  @Test
  void feed_validStanzaThenGarbageInOneChunk_deliversTheStanzaBeforeFailing() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    List<StreamEvent> events = new ArrayList<>();
    byte[] input = (PRESENCE + "<a></b><c/>").getBytes(UTF_8);
    assertThatThrownBy(() -> decoder.feed(input, 0, input.length, events::add))
        .isInstanceOf(StreamErrorException.class);
    assertThat(events).hasSize(1).first().isInstanceOf(ElementReceived.class);
  }

  @Test
  void feed_sinkThrows_exceptionPropagatesUnchanged() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    byte[] input = HEADER.getBytes(UTF_8);
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> decoder.feed(input, 0, input.length, e -> {
      throw boom;
    })).isSameAs(boom);
  }

  @Test
  void restart_fromSinkAfterStarttls_dropsTheRestOfTheInputAndParsesANewStream() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    String starttls = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
    String injected = "<iq type='set' id='evil'/>";
    byte[] input = (starttls + injected).getBytes(UTF_8);
    List<StreamEvent> events = new ArrayList<>();
    int left = decoder.feed(input, 0, input.length, e -> {
      events.add(e);
      if (e instanceof ElementReceived r && r.element().name().equals("starttls")) {
        decoder.restart();
      }
    });
    assertThat(events).hasSize(1);
    assertThat(left).isEqualTo(injected.length());
    assertThat(decoder.isStreamOpen()).isFalse();

    List<StreamEvent> next = decoder.feed((HEADER + PRESENCE).getBytes(UTF_8));
    assertThat(next).hasSize(2);
    assertThat(next.get(0)).isInstanceOf(StreamOpened.class);
    assertThat(((ElementReceived) next.get(1)).sizeBytes()).isEqualTo(PRESENCE.length());
  }

  @Test
  void restart_betweenFeeds_acceptsANewHeaderWithXmlDeclaration() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed((HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>")
        .getBytes(UTF_8));
    decoder.restart();
    List<StreamEvent> events = decoder.feed((HEADER + IQ).getBytes(UTF_8));
    assertThat(events).hasSize(2);
    assertThat(events.get(0)).isInstanceOf(StreamOpened.class);
  }

  @Test
  void feed_afterStreamClosed_leavesTrailingBytesUnparsed() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    byte[] input = "</stream:stream><junk".getBytes(UTF_8);
    List<StreamEvent> events = new ArrayList<>();
    int left = decoder.feed(input, 0, input.length, events::add);
    assertThat(events).containsExactly(StreamClosed.INSTANCE);
    assertThat(left).isEqualTo(5);
    assertThat(decoder.isStreamClosed()).isTrue();
  }

  @Test
  void feed_largeStanzasReleaseTheParser_laterStanzasStillResolvePrefixesAndSizes() throws Exception {
    String header = "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
        + "xmlns:db='jabber:server:dialback' xmlns:s='urn:other'>";
    String big = "<message><body>" + "\u00e9".repeat(StreamDecoder.RELEASE_AFTER_ELEMENT_BYTES) + "</body></message>";
    String prefixed = "<db:verify id='1'>k</db:verify>";
    String other = "<s:thing/>";
    StringBuilder sb = new StringBuilder(header);
    for (int i = 0; i < 3; i++) {
      sb.append(big).append(' ').append(prefixed).append(other).append("<stream:features/>");
    }
    byte[] bytes = sb.toString().getBytes(UTF_8);
    for (int chunk : new int[] {bytes.length, 4096, 1000, 7}) {
      StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
      List<StreamEvent> events = new ArrayList<>();
      for (int i = 0; i < bytes.length; i += chunk) {
        decoder.feed(bytes, i, Math.min(chunk, bytes.length - i), events::add);
      }
      List<StreamEvent> merged = merge(events);
      assertThat(merged).as("chunk %d", chunk).hasSize(1 + 3 * 5);
      for (int i = 0; i < 3; i++) {
        ElementReceived m = (ElementReceived) merged.get(1 + i * 5);
        assertThat(m.sizeBytes()).isEqualTo(big.getBytes(UTF_8).length);
        assertThat(m.element().namespace()).isEqualTo(Namespaces.JABBER_SERVER);
        assertThat(merged.get(2 + i * 5)).isEqualTo(new Whitespace(1));
        ElementReceived v = (ElementReceived) merged.get(3 + i * 5);
        assertThat(v.element().is("verify", Namespaces.DIALBACK)).isTrue();
        assertThat(v.sizeBytes()).isEqualTo(prefixed.length());
        assertThat(((ElementReceived) merged.get(4 + i * 5)).element().is("thing", "urn:other")).isTrue();
        assertThat(((ElementReceived) merged.get(5 + i * 5)).element().is("features", Namespaces.STREAMS)).isTrue();
      }
    }
  }

  @Test
  void pause_afterEveryEvent_leftoverReFedLater_givesTheSameEvents() throws Exception {
    String header = "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
        + "xmlns:db='jabber:server:dialback'>";
    String big = "<message><body>" + "\u00e9".repeat(StreamDecoder.RELEASE_AFTER_ELEMENT_BYTES) + "</body></message>";
    String session = header + MESSAGE.replace("jabber:client", "jabber:server") + " <db:verify id='1'>k</db:verify>"
        + big + IQ + "\n" + PRESENCE + big + "<db:result to='a' from='b'/></stream:stream>";
    byte[] bytes = session.getBytes(UTF_8);
    List<StreamEvent> expected = merge(new StreamDecoder(DecoderLimits.DEFAULT).feed(bytes));
    for (int chunk : new int[] {bytes.length, 4096, 1000, 7}) {
      StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
      List<StreamEvent> events = new ArrayList<>();
      byte[] parked = new byte[0];
      int pauses = 0;
      for (int i = 0; i < bytes.length || parked.length > 0; ) {
        byte[] input;
        if (parked.length > 0) {
          input = parked; // what a paused read left is fed again first
        } else {
          input = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk));
          i += input.length;
        }
        int left = decoder.feed(input, 0, input.length, e -> {
          events.add(e);
          decoder.pause();
        });
        if (left > 0) {
          pauses++;
        }
        parked = java.util.Arrays.copyOfRange(input, input.length - left, input.length);
        if (decoder.isStreamClosed()) {
          break;
        }
      }
      assertThat(merge(events)).as("chunk %d", chunk).isEqualTo(expected);
      if (chunk == bytes.length) {
        assertThat(pauses).as("every event but the close stops the read").isEqualTo(expected.size() - 1);
      }
    }
  }

  @Test
  void pause_outsideFeed_isForgotten() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    decoder.pause();
    byte[] input = (PRESENCE + IQ).getBytes(UTF_8);
    List<StreamEvent> events = new ArrayList<>();
    assertThat(decoder.feed(input, 0, input.length, events::add)).isZero();
    assertThat(events).hasSize(2);
  }

  @Test
  void feed_manySmallStanzas_pastTheReleaseThreshold_allParsed() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    byte[] stanza = MESSAGE.getBytes(UTF_8);
    int count = (int) (StreamDecoder.RELEASE_AFTER_TOTAL_BYTES / stanza.length) * 2 + 3;
    byte[] all = new byte[stanza.length * count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(stanza, 0, all, i * stanza.length, stanza.length);
    }
    int[] seen = {0};
    XmlElement first = ((ElementReceived) new StreamDecoder(DecoderLimits.DEFAULT)
        .feed((HEADER + MESSAGE).getBytes(UTF_8)).get(1)).element();
    for (int i = 0; i < all.length; i += 3001) {
      decoder.feed(all, i, Math.min(3001, all.length - i), e -> {
        ElementReceived r = (ElementReceived) e;
        assertThat(r.element()).isEqualTo(first);
        assertThat(r.sizeBytes()).isEqualTo(stanza.length);
        seen[0]++;
      });
    }
    assertThat(seen[0]).isEqualTo(count);
  }

  @Test
  void feed_textOnlyElement_modelHasOneTextNode() throws Exception {
    StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT);
    decoder.feed(HEADER.getBytes(UTF_8));
    byte[] bytes = "<message><body>abc&amp;def</body></message>".getBytes(UTF_8);
    List<StreamEvent> events = new ArrayList<>();
    for (byte b : bytes) {
      decoder.feed(new byte[] {b}, 0, 1, events::add);
    }
    XmlElement body = ((ElementReceived) events.get(0)).element().elements().get(0);
    assertThat(body.children()).containsExactly(new XmlText("abc&def"));
  }

  /** Merges adjacent whitespace events, whose split depends on chunking. */
  private static List<StreamEvent> merge(List<StreamEvent> events) {
    List<StreamEvent> out = new ArrayList<>();
    for (StreamEvent e : events) {
      if (e instanceof Whitespace w && !out.isEmpty() && out.get(out.size() - 1) instanceof Whitespace prev) {
        out.set(out.size() - 1, new Whitespace(prev.bytes() + w.bytes()));
      } else {
        out.add(e);
      }
    }
    return out;
  }
}
