package io.switchboard.persistence.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OfflineQuotaTest {

  @Test
  void admit_roomForAll_admitsAll() {
    assertThat(OfflineQuota.admit(0, 64, 1000)).isEqualTo(64);
    assertThat(OfflineQuota.admit(936, 64, 1000)).isEqualTo(64);
  }

  @Test
  void admit_roomForSome_admitsTheFirstThatFit() {
    assertThat(OfflineQuota.admit(990, 64, 1000)).isEqualTo(10);
    assertThat(OfflineQuota.admit(999, 2, 1000)).isEqualTo(1);
  }

  @Test
  void admit_full_admitsNone() {
    assertThat(OfflineQuota.admit(1000, 1, 1000)).isZero();
  }

  @Test
  void admit_alreadyOverTheQuota_admitsNone() {
    // e.g. rows written by an incarnation overlapping a hand-off, or a quota lowered since
    assertThat(OfflineQuota.admit(1005, 3, 1000)).isZero();
  }

  @Test
  void admit_noLimit_admitsAll() {
    assertThat(OfflineQuota.admit(1_000_000, 64, 0)).isEqualTo(64);
  }

  @Test
  void admit_nothingOffered_admitsNothing() {
    assertThat(OfflineQuota.admit(3, 0, 5)).isZero();
  }

  @Test
  void admit_negative_refused() {
    assertThatThrownBy(() -> OfflineQuota.admit(-1, 1, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
