package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.s2s.Dialback;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import org.junit.jupiter.api.Test;

/**
 * How elements go on a server stream. ejabberd 23.01 recognises dialback elements only by the
 * literal name {@code db:result}/{@code db:verify}: the equivalent
 * {@code <result xmlns='jabber:server:dialback'>} Switchboard used to write was ignored, and
 * dialback with ejabberd hung until its idle timeout (EjabberdFederationIT found it).
 */
class S2sWireTest {
  /** Parses {@code xml} as a child of a server stream header declaring the db prefix, as a peer reads it. */
  private static XmlElement asPeerReadsIt(String xml) {
    String doc = "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
        + " xmlns:db='jabber:server:dialback'>" + xml + "</stream:stream>";
    XmlElement stream = XmlParser.parse(doc).orElseThrow();
    return (XmlElement) stream.children().get(0);
  }

  @Test
  void xml_dialbackResultRequest_usesTheDbPrefixDeclaredInTheHeader() {
    String xml = S2sWire.xml(Dialback.Result.request("sw.test", "ej.test", "abc123").toElement());
    assertThat(xml).isEqualTo("<db:result from=\"sw.test\" to=\"ej.test\">abc123</db:result>");
    XmlElement read = asPeerReadsIt(xml);
    assertThat(read.namespace()).isEqualTo(Namespaces.DIALBACK);
    assertThat(Dialback.result(read)).contains(Dialback.Result.request("sw.test", "ej.test", "abc123"));
  }

  @Test
  void xml_dialbackVerifyAnswer_usesTheDbPrefixAndNoXmlns() {
    var verify = Dialback.Verify.request("ej.test", "sw.test", "s1", "k").answer(Dialback.Type.VALID);
    String xml = S2sWire.xml(verify.toElement());
    assertThat(xml).startsWith("<db:verify ").doesNotContain("xmlns").contains("type=\"valid\"").contains("id=\"s1\"");
    assertThat(Dialback.verify(asPeerReadsIt(xml))).contains(verify);
  }

  @Test
  void xml_stanza_isWrittenInTheDefaultNamespaceWithoutPrefix() {
    XmlElement message = XmlElement.builder("message", Namespaces.JABBER_SERVER).attr("to", "a@ej.test")
        .child(XmlElement.builder("body", Namespaces.JABBER_SERVER).text("hi").build()).build();
    assertThat(S2sWire.xml(message)).isEqualTo("<message to=\"a@ej.test\"><body>hi</body></message>");
  }
}
