package io.switchboard.persistence.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeUuidsTest {

  @Test
  void at_keepsTheInstantAndIsVersionOne() {
    Instant stamp = Instant.parse("2026-03-04T05:06:07.089Z");
    UUID id = TimeUuids.at(stamp);
    assertThat(id.version()).isEqualTo(1);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(TimeUuids.instantOf(id)).isEqualTo(stamp);
    assertThat(Uuids.unixTimestamp(id)).isEqualTo(stamp.toEpochMilli());
  }

  @Test
  void at_sameMillisecond_increasingAndWithinTheMillisecondsBounds() {
    Instant stamp = Instant.parse("2026-03-04T05:06:07.089Z");
    UUID a = TimeUuids.at(stamp);
    UUID b = TimeUuids.at(stamp);
    assertThat(b.timestamp()).isGreaterThan(a.timestamp());
    assertThat(a.timestamp()).isGreaterThanOrEqualTo(Uuids.startOf(stamp.toEpochMilli()).timestamp());
    assertThat(b.timestamp()).isLessThanOrEqualTo(Uuids.endOf(stamp.toEpochMilli()).timestamp());
    assertThat(a).isNotEqualTo(b);
  }
}
