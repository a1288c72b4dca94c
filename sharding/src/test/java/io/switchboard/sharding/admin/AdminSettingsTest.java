package io.switchboard.sharding.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminSettingsTest {

  private static AdminSettings read(Map<String, Object> overrides) {
    return AdminSettings.fromConfig(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()));
  }

  @Test
  void fromConfig_defaults_haveNoAdmins() {
    AdminSettings s = read(Map.of());
    assertThat(s.admins()).isEmpty();
    assertThat(s.maxSessions()).isEqualTo(100);
  }

  @Test
  void fromConfig_readsCommaSeparatedBareJids() {
    AdminSettings s = read(Map.of("switchboard.admins", " root@example.org, ops@example.org "));
    assertThat(s.admins()).containsExactlyInAnyOrder(Jids.bare("root@example.org"), Jids.bare("ops@example.org"));
    assertThat(s.isAdmin(Jids.full("ops@example.org/laptop"))).isTrue();
    assertThat(s.isAdmin(Jids.full("eve@example.org/laptop"))).isFalse();
    assertThat(s.isAdmin(null)).isFalse();
  }

  @Test
  void fromConfig_fullJidAdmin_failsNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of("switchboard.admins", "root@example.org/phone")))
        .hasMessageContaining("switchboard.admins");
  }

  @Test
  void fromConfig_badLimit_failsNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of("switchboard.adhoc.max-sessions-per-admin", 0)))
        .hasMessageContaining("switchboard.adhoc.max-sessions-per-admin");
  }

  @Test
  void fromConfig_motdCacheTtl_defaultsTo30s_zeroFailsNamingTheKey() {
    assertThat(read(Map.of()).motdCacheTtl()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThatThrownBy(() -> read(Map.of("switchboard.adhoc.motd-cache-ttl", "0s")))
        .hasMessageContaining("switchboard.adhoc.motd-cache-ttl");
  }
}
