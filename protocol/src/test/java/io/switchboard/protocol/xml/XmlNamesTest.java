package io.switchboard.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlNamesTest {
  @Test
  void isNcName_asciiNames() {
    assertThat(XmlNames.isNcName("message")).isTrue();
    assertThat(XmlNames.isNcName("_a-b.c9")).isTrue();
    assertThat(XmlNames.isNcName("9a")).isFalse();
    assertThat(XmlNames.isNcName("-a")).isFalse();
    assertThat(XmlNames.isNcName("a:b")).isFalse();
    assertThat(XmlNames.isNcName("a}b")).isFalse();
    assertThat(XmlNames.isNcName("a b")).isFalse();
    assertThat(XmlNames.isNcName("")).isFalse();
    assertThat(XmlNames.isNcName(null)).isFalse();
  }

  @Test
  void isNcName_nonAscii_onlyWhatBothEditionsAccept() {
    assertThat(XmlNames.isNcName("donn\u00e9es")).isTrue();
    assertThat(XmlNames.isNcName("\u540d\u524d")).isTrue();
    // A combining mark may start a name in the fifth edition, not in the fourth (the JDK's parser).
    assertThat(XmlNames.isNcName("\u0301")).isFalse();
    assertThat(XmlNames.isNcName("a\u0301")).isTrue();
    // Assigned after Unicode 2.0: a name character in the fifth edition only.
    assertThat(XmlNames.isNcName("a\u065a")).isFalse();
  }

  @Test
  void isAttributeKey_clarkKeyWhoseUriHoldsABrace_localNameAfterTheLastBrace() {
    assertThat(XmlNames.isAttributeKey("{urn:x}y}q")).isTrue();
    assertThat(XmlNames.clarkSeparator("{urn:x}y}q")).isEqualTo(8);
    assertThat(XmlNames.isAttributeKey("{urn:x}y}")).isFalse();
    assertThat(XmlNames.isAttributeKey("{}q")).isFalse();
    assertThat(XmlNames.isAttributeKey("{" + XmlNames.XMLNS_NAMESPACE + "}q")).isFalse();
    assertThat(XmlNames.isAttributeKey("{http://www.w3.org/XML/1998/namespace}lang")).isFalse();
  }

  @Test
  void isAttributeKey_plainAndXmlPrefixed() {
    assertThat(XmlNames.isAttributeKey("to")).isTrue();
    assertThat(XmlNames.isAttributeKey("xml:lang")).isTrue();
    assertThat(XmlNames.isAttributeKey("xmlns")).isFalse();
    assertThat(XmlNames.isAttributeKey("xmlns:p")).isFalse();
    assertThat(XmlNames.isAttributeKey("p:q")).isFalse();
    assertThat(XmlNames.isAttributeKey("xml:")).isFalse();
  }

  @Test
  void isElementNamespace_reservedOrUnwritableRefused() {
    assertThat(XmlNames.isElementNamespace("jabber:client")).isTrue();
    assertThat(XmlNames.isElementNamespace("")).isTrue();
    assertThat(XmlNames.isElementNamespace("urn:x}y")).isTrue();
    assertThat(XmlNames.isElementNamespace("http://www.w3.org/XML/1998/namespace")).isFalse();
    assertThat(XmlNames.isElementNamespace(XmlNames.XMLNS_NAMESPACE)).isFalse();
    assertThat(XmlNames.isElementNamespace("urn:\u0001")).isFalse();
  }

  @Test
  void xmlElement_refusesWhatCouldNotBeWritten() {
    assertThatThrownBy(() -> XmlElement.of("a}b", "urn:x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> XmlElement.of("a", "http://www.w3.org/XML/1998/namespace"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> XmlElement.builder("a", "urn:x").attr("xmlns", "urn:y").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new XmlElement("a", "urn:x", Map.of("{urn:x}y z", "1"), java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> XmlElement.of("a", "").withAttribute("p:q", "1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
