package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class Proxy65SettingsTest {

  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void fromConfig_defaults_enabledOn7777Unlimited() {
    Proxy65Settings s = Proxy65Settings.fromConfig(with(""), "0.0.0.0");

    assertThat(s).isEqualTo(new Proxy65Settings(
        true, 7777, "127.0.0.1", 0, Duration.ofSeconds(60), Duration.ofSeconds(300), 1000));
    assertThat(s.rateLimited()).isFalse();
  }

  @Test
  void fromConfig_emptyHostSpecificBind_announcesBindAddress() {
    assertThat(Proxy65Settings.fromConfig(with(""), "127.0.0.2").host()).isEqualTo("127.0.0.2");
  }

  @Test
  void fromConfig_emptyHostIpv6Wildcard_announcesLoopback() {
    assertThat(Proxy65Settings.fromConfig(with(""), "::").host()).isEqualTo("127.0.0.1");
  }

  @Test
  void fromConfig_hostSet_announcesIt() {
    Proxy65Settings s = Proxy65Settings.fromConfig(
        with("switchboard.proxy65 { host = \"proxy.example.com\", max-bytes-per-second = 65536 }"), "0.0.0.0");

    assertThat(s.host()).isEqualTo("proxy.example.com");
    assertThat(s.maxBytesPerSecond()).isEqualTo(65536);
    assertThat(s.rateLimited()).isTrue();
  }

  @Test
  void fromConfig_rateBelowMinimum_namesKey() {
    assertThatThrownBy(() -> Proxy65Settings.fromConfig(with("switchboard.proxy65.max-bytes-per-second = 10"), "0.0.0.0"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.proxy65.max-bytes-per-second:");
  }

  @Test
  void fromConfig_portOutOfRange_namesKey() {
    assertThatThrownBy(() -> Proxy65Settings.fromConfig(with("switchboard.proxy65.port = 70000"), "0.0.0.0"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.proxy65.port:");
  }

  @Test
  void fromConfig_zeroMaxPending_namesKey() {
    assertThatThrownBy(() -> Proxy65Settings.fromConfig(with("switchboard.proxy65.max-pending = 0"), "0.0.0.0"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.proxy65.max-pending:");
  }

  @Test
  void fromConfig_zeroTimeout_namesKey() {
    assertThatThrownBy(() -> Proxy65Settings.fromConfig(with("switchboard.proxy65.idle-timeout = 0s"), "0.0.0.0"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.proxy65.idle-timeout:");
  }

  @Test
  void fromConfig_hostWithSpace_namesKey() {
    assertThatThrownBy(() -> Proxy65Settings.fromConfig(with("switchboard.proxy65.host = \"a b\""), "0.0.0.0"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("switchboard.proxy65.host:");
  }
}
