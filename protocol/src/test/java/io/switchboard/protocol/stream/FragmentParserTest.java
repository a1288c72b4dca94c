package io.switchboard.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.error.StreamErrorCondition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FragmentParserTest {
  private static FragmentParser.Result parse(String s) {
    return FragmentParser.parse(s.getBytes(StandardCharsets.UTF_8), DecoderLimits.DEFAULT);
  }

  private static StreamErrorCondition refused(String s) {
    return ((FragmentParser.Refused) parse(s)).error().condition();
  }

  @Test
  void parse_oneElement_parsedWithItsNamespace() {
    var p = (FragmentParser.Parsed) parse("<message xmlns='jabber:client' to='a@b'><body>hi &amp; bye</body></message>");
    assertThat(p.element().is("message", "jabber:client")).isTrue();
    assertThat(p.element().childText("body", "jabber:client")).hasValue("hi & bye");
  }

  @Test
  void parse_xmlDeclaration_skipped() {
    assertThat(parse("<?xml version='1.0' encoding='UTF-8'?><presence xmlns='jabber:client'/>"))
        .isInstanceOf(FragmentParser.Parsed.class);
    assertThat(refused("<?xml version='1.0' encoding='ISO-8859-1'?><presence/>"))
        .isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
  }

  @Test
  void parse_unclosedOrTwoOrNone_notWellFormed() {
    assertThat(refused("<message xmlns='jabber:client'><body>")).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    assertThat(refused("<a xmlns='x'/><b xmlns='x'/>")).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    assertThat(refused("   ")).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    assertThat(refused("text")).isIn(StreamErrorCondition.NOT_WELL_FORMED, StreamErrorCondition.BAD_FORMAT);
  }

  @Test
  void parse_doctypeCommentEntity_restrictedXml() {
    assertThat(refused("<!DOCTYPE a [<!ENTITY x 'y'>]><a xmlns='x'/>")).isEqualTo(StreamErrorCondition.RESTRICTED_XML);
    assertThat(refused("<!-- c --><a xmlns='x'/>")).isEqualTo(StreamErrorCondition.RESTRICTED_XML);
    assertThat(refused("<a xmlns='x'><!-- c --></a>")).isEqualTo(StreamErrorCondition.RESTRICTED_XML);
  }

  @Test
  void parse_overLimit_policyViolation() {
    String big = "<a xmlns='x'>" + "y".repeat(2000) + "</a>";
    var r = FragmentParser.parse(big.getBytes(StandardCharsets.UTF_8), DecoderLimits.DEFAULT.withMaxStanzaBytes(1024));
    assertThat(((FragmentParser.Refused) r).error().condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
  }
}
