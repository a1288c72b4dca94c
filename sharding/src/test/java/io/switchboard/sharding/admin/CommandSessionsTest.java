package io.switchboard.sharding.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CommandSessionsTest {
  private Instant now = Instant.parse("2026-12-06T12:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void open_limitsPerOwnerAndInAll() {
    CommandSessions s = new CommandSessions(3, 2, Duration.ofMinutes(1), clock);
    assertThat(s.open(AdminCommand.ADD_USER, "a@x/1")).isPresent();
    assertThat(s.open(AdminCommand.ADD_USER, "a@x/1")).isPresent();
    assertThat(s.open(AdminCommand.ADD_USER, "a@x/1")).isEmpty();
    assertThat(s.open(AdminCommand.ADD_USER, "b@x/1")).isPresent();
    assertThat(s.open(AdminCommand.ADD_USER, "c@x/1")).isEmpty();
    assertThat(s.size()).isEqualTo(3);
  }

  @Test
  void lookup_byAnotherOwner_isUnknown() {
    CommandSessions s = new CommandSessions(3, 2, Duration.ofMinutes(1), clock);
    String id = s.open(AdminCommand.ANNOUNCE, "a@x/1").orElseThrow().id();
    assertThat(s.lookup(id, "a@x/2")).isEqualTo(CommandSessions.Lookup.Unknown.INSTANCE);
    assertThat(s.lookup(id, "a@x/1")).isInstanceOf(CommandSessions.Lookup.Found.class);
  }

  @Test
  void lookup_afterTimeout_isExpiredThenGone() {
    CommandSessions s = new CommandSessions(3, 2, Duration.ofMinutes(1), clock);
    String id = s.open(AdminCommand.ANNOUNCE, "a@x/1").orElseThrow().id();
    now = now.plusSeconds(60);
    assertThat(s.lookup(id, "a@x/1")).isEqualTo(CommandSessions.Lookup.Expired.INSTANCE);
    assertThat(s.lookup(id, "a@x/1")).isEqualTo(CommandSessions.Lookup.Unknown.INSTANCE);
  }

  @Test
  void open_expiredSessionsFreeTheirPlace() {
    CommandSessions s = new CommandSessions(1, 1, Duration.ofMinutes(1), clock);
    assertThat(s.open(AdminCommand.ANNOUNCE, "a@x/1")).isPresent();
    assertThat(s.open(AdminCommand.ANNOUNCE, "a@x/1")).isEmpty();
    now = now.plusSeconds(61);
    assertThat(s.open(AdminCommand.ANNOUNCE, "a@x/1")).isPresent();
  }

  @Test
  void close_freesThePlace() {
    CommandSessions s = new CommandSessions(1, 1, Duration.ofMinutes(1), clock);
    String id = s.open(AdminCommand.ANNOUNCE, "a@x/1").orElseThrow().id();
    s.close(id);
    assertThat(s.size()).isZero();
    assertThat(s.lookup(id, "a@x/1")).isEqualTo(CommandSessions.Lookup.Unknown.INSTANCE);
  }
}
