package io.switchboard.sharding.caps;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class CapsVerificationTest {
  private static final String INFO = "http://jabber.org/protocol/disco#info";

  /** The simple example of XEP-0115 §5.2. */
  private static XmlElement exodus(String extraFeature) {
    XmlElement.Builder q = XmlElement.builder("query", INFO)
        .child(XmlElement.builder("identity", INFO).attr("category", "client").attr("type", "pc")
            .attr("name", "Exodus 0.9.1"));
    for (String f : new String[] {"http://jabber.org/protocol/caps", INFO,
        "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/muc"}) {
      q.child(XmlElement.builder("feature", INFO).attr("var", f));
    }
    if (extraFeature != null) {
      q.child(XmlElement.builder("feature", INFO).attr("var", extraFeature));
    }
    return q.build();
  }

  @Test
  void ver_xep0115SimpleExample() {
    assertThat(CapsVerification.ver("sha-1", exodus(null))).contains("QgayPKawpkPSDYmwT/WM94uAlu0=");
  }

  @Test
  void matches_answerWithAnExtraFeature_isNotTrusted() {
    CapsRef ref = new CapsRef("http://code.google.com/p/exodus", "QgayPKawpkPSDYmwT/WM94uAlu0=", "sha-1");
    assertThat(CapsVerification.matches(ref, exodus(null))).isTrue();
    assertThat(CapsVerification.matches(ref, exodus("urn:xmpp:evil+notify"))).isFalse();
  }

  @Test
  void ver_unknownHash_none() {
    assertThat(CapsVerification.ver("sha-3-999", exodus(null))).isEmpty();
  }
}
