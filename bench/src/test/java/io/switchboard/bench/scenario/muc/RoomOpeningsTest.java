package io.switchboard.bench.scenario.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class RoomOpeningsTest {
  private final RoomOpenings openings = new RoomOpenings(2);
  private final List<Runnable> queued = new ArrayList<>();
  private final Executor loop = queued::add;
  private final List<String> joined = new ArrayList<>();

  @Test
  void enter_firstGoesOthersWait() {
    assertThat(openings.enter(0, loop, () -> joined.add("a"))).isEqualTo(RoomOpenings.Turn.FIRST);
    assertThat(openings.enter(0, loop, () -> joined.add("b"))).isEqualTo(RoomOpenings.Turn.WAIT);
    assertThat(openings.enter(1, loop, () -> joined.add("c"))).isEqualTo(RoomOpenings.Turn.FIRST);
    assertThat(queued).isEmpty();
  }

  @Test
  void open_runsTheWaitingJoinsOnTheirLoopOnce() {
    openings.enter(0, loop, () -> joined.add("a"));
    openings.enter(0, loop, () -> joined.add("b"));
    openings.enter(0, loop, () -> joined.add("c"));

    openings.open(0);
    openings.open(0);
    queued.forEach(Runnable::run);

    assertThat(joined).containsExactly("b", "c");
    assertThat(openings.isOpen(0)).isTrue();
    assertThat(openings.isOpen(1)).isFalse();
  }

  @Test
  void enter_openRoom_joinsAtOnce() {
    openings.enter(0, loop, () -> joined.add("a"));
    openings.open(0);

    assertThat(openings.enter(0, loop, () -> joined.add("b"))).isEqualTo(RoomOpenings.Turn.OPEN);
    assertThat(queued).isEmpty();
  }
}
