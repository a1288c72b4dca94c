package io.switchboard.sharding.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class AccountQuotasTest {

  @Test
  void fromConfig_referenceConf_theDefaults() {
    assertThat(AccountQuotas.fromConfig(ConfigFactory.load())).isEqualTo(AccountQuotas.DEFAULTS);
  }

  @Test
  void fromConfig_zeroRosterItems_failsNamingTheKey() {
    var config = ConfigFactory.parseString("switchboard.quotas.roster-items = 0").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> AccountQuotas.fromConfig(config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("switchboard.quotas.roster-items");
  }

  @Test
  void fromConfig_notANumber_failsNamingTheKey() {
    var config = ConfigFactory.parseString("switchboard.quotas.private-xml-bytes = lots").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> AccountQuotas.fromConfig(config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("switchboard.quotas.private-xml-bytes");
  }

  @Test
  void fits_addingNothing_alwaysFits_addingPastTheLimit_doesNot() {
    assertThat(Quota.fits(10, 0, 3)).isTrue();
    assertThat(Quota.fits(2, 1, 3)).isTrue();
    assertThat(Quota.fits(3, 1, 3)).isFalse();
  }
}
