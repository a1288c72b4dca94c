package io.switchboard.sharding.offline;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sharding.offline.OfflineWrites.Outcome;
import io.switchboard.sharding.offline.OfflineWrites.Pending;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineWritesTest {

  private static Pending p(int i) {
    return new Pending(message("romeo@example.com/o", JULIET, "chat", "m" + i), null);
  }

  @Test
  void add_noWriteRunning_writesAtOnceAlone() {
    OfflineWrites w = new OfflineWrites(10, 4);
    Pending first = p(0);
    assertThat(w.add(first)).containsExactly(first);
    assertThat(w.writing()).isTrue();
  }

  @Test
  void add_writeRunning_waitsAndGoesIntoTheNextWriteInArrivalOrder() {
    OfflineWrites w = new OfflineWrites(10, 4);
    w.add(p(0));
    Pending a = p(1);
    Pending b = p(2);
    assertThat(w.add(a)).isEmpty();
    assertThat(w.add(b)).isEmpty();

    assertThat(w.done()).containsExactly(a, b);
    assertThat(w.writing()).as("one write at a time: the batch is the running write").isTrue();
    assertThat(w.done()).isEmpty();
    assertThat(w.writing()).isFalse();
  }

  @Test
  void done_moreWaitingThanABatch_takesTheOldestBatchFirst() {
    OfflineWrites w = new OfflineWrites(100, 4);
    w.add(p(-1));
    List<Pending> waiting = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      waiting.add(p(i));
      w.add(waiting.get(i));
    }
    assertThat(w.done()).containsExactlyElementsOf(waiting.subList(0, 4));
    assertThat(w.done()).containsExactlyElementsOf(waiting.subList(4, 8));
    assertThat(w.done()).containsExactlyElementsOf(waiting.subList(8, 10));
    assertThat(w.done()).isEmpty();
  }

  @Test
  void full_onlyWhileAWriteRunsWithTheQueueFull() {
    OfflineWrites w = new OfflineWrites(2, 4);
    assertThat(w.full()).isFalse();
    w.add(p(0));
    w.add(p(1));
    assertThat(w.full()).isFalse();
    w.add(p(2));
    assertThat(w.full()).isTrue();
    w.done(); // both waiting ones are written now: the queue is empty again
    assertThat(w.full()).isFalse();
  }

  @Test
  void outcome_firstAcceptedStored_restRefused() {
    List<Pending> batch = List.of(p(0), p(1), p(2));
    Outcome o = OfflineWrites.outcome(batch, 2);
    assertThat(o.stored()).containsExactly(batch.get(0), batch.get(1));
    assertThat(o.refused()).containsExactly(batch.get(2));
  }

  @Test
  void outcome_noneOrAllOrOutOfRange() {
    List<Pending> batch = List.of(p(0), p(1));
    assertThat(OfflineWrites.outcome(batch, 0).stored()).isEmpty();
    assertThat(OfflineWrites.outcome(batch, 0).refused()).hasSize(2);
    assertThat(OfflineWrites.outcome(batch, 2).refused()).isEmpty();
    assertThat(OfflineWrites.outcome(batch, 7).stored()).hasSize(2);
    assertThat(OfflineWrites.outcome(batch, -1).refused()).hasSize(2);
  }
}
