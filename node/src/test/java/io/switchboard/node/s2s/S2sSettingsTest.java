package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.component.ProposedConfig;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class S2sSettingsTest {
  private static S2sSettings read(String hocon) {
    return S2sSettings.fromConfig(ProposedConfig.with(ConfigFactory.parseString(hocon)));
  }

  private static void rejects(String hocon, String key) {
    assertThatThrownBy(() -> read(hocon)).isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.s2s." + key);
  }

  @Test
  void fromConfig_defaults_secure() {
    S2sSettings s = read("");
    assertThat(s.enabled()).isTrue();
    assertThat(s.tlsRequired()).isTrue();
    assertThat(s.secureAuth()).isEqualTo(S2sSettings.SecureAuth.DIALBACK);
    assertThat(s.directTlsPort()).isZero();
    assertThat(s.allow()).isEmpty();
    assertThat(s.deny()).isEmpty();
    assertThat(s.hosts()).isEmpty();
    assertThat(s.caFile()).isEmpty();
    assertThat(s.dnsServer()).isEmpty();
    assertThat(s.dialbackSecret()).isEmpty();
    assertThat(s.decoderLimits().maxStanzaBytes()).isEqualTo(262_144);
    assertThat(s.handshakeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.bidi()).isTrue();
    assertThat(read("switchboard.s2s.bidi = false").bidi()).isFalse();
    assertThat(s.maxDialbackVerifies()).isEqualTo(10);
    assertThat(read("switchboard.s2s.max-dialback-verifies = 3").maxDialbackVerifies()).isEqualTo(3);
    assertThat(s.maxDialbackPending()).isEqualTo(10);
    assertThat(s.maxDialbackPairs()).isEqualTo(100);
    assertThat(read("switchboard.s2s.max-dialback-pending = 2").maxDialbackPending()).isEqualTo(2);
  }

  @Test
  void fromConfig_listsFromHoconOrCommaString_lowercasedDomains() {
    S2sSettings s = read("""
        switchboard.s2s.allow = ["Example.COM", "jabber.org"]
        switchboard.s2s.deny = "spam.example.com, bad.example"
        switchboard.s2s.hosts = "peer.example=xmpp.peer.example:5270, d.example=tls://10.0.0.1:5223"
        switchboard.s2s.secure-auth = REQUIRED
        """);
    assertThat(s.allow()).containsExactlyInAnyOrder("example.com", "jabber.org");
    assertThat(s.deny()).containsExactlyInAnyOrder("spam.example.com", "bad.example");
    assertThat(s.hosts().get("peer.example")).isEqualTo(new S2sSettings.Target("xmpp.peer.example", 5270, false));
    assertThat(s.hosts().get("d.example")).isEqualTo(new S2sSettings.Target("10.0.0.1", 5223, true));
    assertThat(s.secureAuth()).isEqualTo(S2sSettings.SecureAuth.REQUIRED);
  }

  @Test
  void allowed_denyWinsAndCoversSubdomains_allowListLimits() {
    S2sSettings s = read("""
        switchboard.s2s.allow = "example.com"
        switchboard.s2s.deny = "spam.example.com"
        """);
    assertThat(s.allowed("example.com")).isTrue();
    assertThat(s.allowed("conference.example.com")).isTrue();
    assertThat(s.allowed("Example.Com")).isTrue();
    assertThat(s.allowed("spam.example.com")).isFalse();
    assertThat(s.allowed("muc.spam.example.com")).isFalse();
    assertThat(s.allowed("jabber.org")).isFalse();
    assertThat(s.allowed("notexample.com")).isFalse();
    S2sSettings open = read("switchboard.s2s.deny = \"spam.example\"");
    assertThat(open.allowed("jabber.org")).isTrue();
    assertThat(open.allowed("spam.example")).isFalse();
  }

  @Test
  void fromConfig_invalidValues_failNamingTheKey() {
    rejects("switchboard.s2s.secure-auth = sometimes", "secure-auth");
    rejects("switchboard.s2s.hosts = \"peer.example\"", "hosts");
    rejects("switchboard.s2s.hosts = \"peer.example=host\"", "hosts");
    rejects("switchboard.s2s.hosts = \"peer.example=host:99999\"", "hosts");
    rejects("switchboard.s2s.allow = \"not a domain@x/y\"", "allow");
    rejects("switchboard.s2s.ca-file = \"/nonexistent/ca.pem\"", "ca-file");
    rejects("switchboard.s2s.dialback-secret = \"short\"", "dialback-secret");
    rejects("switchboard.s2s.max-stanzas-per-second = 0", "max-stanzas-per-second");
    rejects("switchboard.s2s.max-dialback-verifies = 0", "max-dialback-verifies");
    rejects("switchboard.s2s.max-dialback-pending = 0", "max-dialback-pending");
    rejects("switchboard.s2s.max-dialback-pairs = 0", "max-dialback-pairs");
    rejects("switchboard.s2s.max-dialback-pending = 20\nswitchboard.s2s.max-dialback-pairs = 10", "max-dialback-pending");
    rejects("switchboard.s2s.direct-tls-port = 70000", "direct-tls-port");
    rejects("switchboard.s2s.max-pending-outbound-bytes = 1000", "max-pending-outbound-bytes");
    rejects("switchboard.s2s.idle-timeout = 0s", "idle-timeout");
  }

  @Test
  void toString_neverTheSecret() {
    S2sSettings s = read("switchboard.s2s.dialback-secret = \"0123456789abcdef-very-secret\"");
    assertThat(s.dialbackSecret()).isEqualTo("0123456789abcdef-very-secret");
    assertThat(s.toString()).doesNotContain("very-secret");
  }
}
