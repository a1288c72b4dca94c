package io.switchboard.sharding.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.sharding.pubsub.PepQuota.Slot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Issue #23 F9: the directory's PEP node slots, as a pure step and in the directory entity. */
class PepQuotaTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
  private static final Instant UNTIL = T0.plus(PepQuota.RESERVATION_TTL);

  private static final ActorTestKit kit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void reserve_limitReachedByListedNodes_refusedOnlyForANewNode() {
    PubSubDirectory.Names dir = new PubSubDirectory.Names(Set.of("x", "y"));

    assertThat(PepQuota.reserve(dir, "z", 2, T0)).isEqualTo(Slot.REFUSED);
    assertThat(PepQuota.reserve(dir, "x", 2, T0)).isEqualTo(Slot.HELD);
    assertThat(PepQuota.reserve(dir, "z", 3, T0)).isEqualTo(Slot.GRANTED);
  }

  @Test
  void reserve_concurrentReservesOfNewNodes_countReservationsUntilTheLimit() {
    PubSubDirectory.Names dir = new PubSubDirectory.Names(Set.of("x"));
    // Three creates in flight at once, limit 3: the directory decides them one after the other.
    assertThat(PepQuota.reserve(dir, "a", 3, T0)).isEqualTo(Slot.GRANTED);
    dir = dir.reserving("a", T0, UNTIL);
    assertThat(PepQuota.reserve(dir, "b", 3, T0)).isEqualTo(Slot.GRANTED);
    dir = dir.reserving("b", T0, UNTIL);

    assertThat(PepQuota.reserve(dir, "c", 3, T0)).isEqualTo(Slot.REFUSED);
    assertThat(PepQuota.reserve(dir, "a", 3, T0)).as("the same node again").isEqualTo(Slot.HELD);
    // A reserved node that gets listed takes its slot over: still full.
    assertThat(PepQuota.reserve(dir.with("a"), "c", 3, T0)).isEqualTo(Slot.REFUSED);
    assertThat(dir.with("a").reserved()).containsOnlyKeys("b");
  }

  @Test
  void reserve_afterReleaseOrRemove_slotFreeAgain() {
    PubSubDirectory.Names dir = new PubSubDirectory.Names(Set.of("x"))
        .reserving("a", T0, UNTIL);
    assertThat(PepQuota.reserve(dir, "c", 2, T0)).isEqualTo(Slot.REFUSED);

    assertThat(PepQuota.reserve(dir.released("a"), "c", 2, T0)).isEqualTo(Slot.GRANTED);
    assertThat(PepQuota.reserve(dir.without("x"), "c", 2, T0)).isEqualTo(Slot.GRANTED);
  }

  @Test
  void reserve_leakedReservationExpired_slotFreeAndDroppedAtTheNextReservation() {
    PubSubDirectory.Names dir = new PubSubDirectory.Names(Set.of())
        .reserving("leaked", T0, UNTIL);
    assertThat(PepQuota.reserve(dir, "c", 1, UNTIL.minusMillis(1))).isEqualTo(Slot.REFUSED);

    assertThat(PepQuota.reserve(dir, "c", 1, UNTIL)).isEqualTo(Slot.GRANTED);
    assertThat(PepQuota.reserve(dir, "leaked", 1, UNTIL)).as("an expired one is not held")
        .isEqualTo(Slot.GRANTED);
    assertThat(dir.reserving("c", UNTIL, UNTIL.plusSeconds(60)).reserved()).containsOnlyKeys("c");
  }

  @Test
  void directory_reserveAddRelease_persistedAndRecovered() {
    var dir = EventSourcedBehaviorTestKit.<PubSubDirectory.Command, PubSubDirectory.Event,
        PubSubDirectory.Names>create(kit.system(),
        PubSubDirectory.create("alice@example.com", PubSubSettings.defaults(),
            Clock.fixed(T0, ZoneOffset.UTC)),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    TestProbe<PubSubDirectory.Reserved> probe = kit.createTestProbe();

    dir.runCommand(new PubSubDirectory.Reserve("a", 2, probe.ref()));
    assertThat(probe.receiveMessage().granted()).isTrue();
    dir.runCommand(new PubSubDirectory.Reserve("b", 2, probe.ref()));
    assertThat(probe.receiveMessage().granted()).isTrue();
    var refused = dir.runCommand(new PubSubDirectory.Reserve("c", 2, probe.ref()));
    assertThat(probe.receiveMessage().granted()).isFalse();
    assertThat(refused.hasNoEvents()).isTrue();

    dir.runCommand(new PubSubDirectory.Add("a"));
    dir.runCommand(new PubSubDirectory.Release("b"));
    assertThat(dir.restart().state()).isEqualTo(
        new PubSubDirectory.Names(Set.of("a"), Set.of(), Map.of()));
    dir.runCommand(new PubSubDirectory.Reserve("c", 2, probe.ref()));
    assertThat(probe.receiveMessage().granted()).isTrue();
    assertThat(dir.restart().state().reserved()).isEqualTo(Map.of("c", UNTIL));
  }
}
