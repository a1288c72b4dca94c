package io.switchboard.node.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ComponentSettingsTest {
  private static ComponentSettings read(String hocon) {
    Config c = ProposedConfig.with(ConfigFactory.parseString(hocon));
    return ComponentSettings.fromConfig(c, Jids.domain("example.com"));
  }

  @Test
  void fromConfig_defaults_noComponentsAndDisabled() {
    ComponentSettings s = read("");
    assertThat(s.enabled()).isFalse();
    assertThat(s.decoderLimits().maxStanzaBytes()).isEqualTo(262_144);
    assertThat(s.handshakeTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void fromConfig_defaults_loopbackBindNoTlsThrottleOn_shortSecretsNamed() {
    // Issue #23 F8.
    ComponentSettings s = read("""
        switchboard.components.services-env = "bot.example.com=short, feeds.example.com=0123456789abcdef"
        """);
    assertThat(s.bind()).isEqualTo("127.0.0.1");
    assertThat(s.tls()).isFalse();
    assertThat(s.maxHandshakeFailuresPerIp()).isEqualTo(10);
    assertThat(s.handshakeFailureWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.shortSecrets()).containsExactly(Jids.domain("bot.example.com"));
    assertThatThrownBy(() -> read("switchboard.components.max-handshake-failures-per-ip = 0"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("switchboard.components.max-handshake-failures-per-ip");
  }

  @Test
  void fromConfig_listAndEnvString_bothRead() {
    ComponentSettings s = read("""
        switchboard.components.services = [ { domain = "bot.example.com", secret = "a" } ]
        switchboard.components.services-env = "feeds.example.com=b, Up.Example.com = c"
        """);
    assertThat(s.enabled()).isTrue();
    assertThat(s.secret(Jids.domain("bot.example.com"))).contains("a");
    assertThat(s.secret(Jids.domain("feeds.example.com"))).contains("b");
    assertThat(s.secret(Jids.domain("up.example.com"))).contains("c");
    assertThat(s.toString()).doesNotContain("=a").doesNotContain("secret");
  }

  @Test
  void fromConfig_serverDomain_rejectedNamingTheKey() {
    assertThatThrownBy(() -> read("switchboard.components.services = [ { domain = \"example.com\", secret = \"a\" } ]"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("switchboard.components.services[0]");
  }

  @Test
  void fromConfig_duplicateEmptySecretOrBadPair_rejected() {
    assertThatThrownBy(() -> read("""
        switchboard.components.services = [ { domain = "a.example.com", secret = "x" } ]
        switchboard.components.services-env = "a.example.com=y"
        """)).isInstanceOf(InvalidSettingException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> read("switchboard.components.services = [ { domain = \"a.example.com\", secret = \"\" } ]"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> read("switchboard.components.services-env = \"justadomain\""))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("services-env");
    assertThatThrownBy(() -> read("switchboard.components.services = [ { domain = \"a@b\", secret = \"x\" } ]"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("not a domain");
  }

  @Test
  void fromConfig_tinyStanzaLimit_rejected() {
    assertThatThrownBy(() -> read("switchboard.components.max-stanza-bytes = 10"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("max-stanza-bytes");
  }
}
