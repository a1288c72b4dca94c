package io.switchboard.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SerialExecutor} on a pool whose turns the test runs by hand. */
class SerialExecutorTest {
  private final Deque<Runnable> pool = new ArrayDeque<>();
  private final SerialExecutor serial = new SerialExecutor(pool::add);
  private final List<String> ran = new ArrayList<>();

  @Test
  void execute_tasks_runInSubmissionOrderInOneTurn() {
    serial.execute(() -> ran.add("a"));
    serial.execute(() -> ran.add("b"));
    serial.execute(() -> ran.add("c"));

    assertEquals(1, pool.size());
    pool.poll().run();

    assertEquals(List.of("a", "b", "c"), ran);
    assertNull(pool.poll());
  }

  @Test
  void execute_taskThrowsRuntimeException_laterTasksStillRun() {
    serial.execute(() -> {
      throw new IllegalStateException("a task's bug");
    });
    serial.execute(() -> ran.add("after"));

    pool.poll().run();

    assertEquals(List.of("after"), ran);
  }

  @Test
  void execute_taskThrowsError_tasksQueuedBehindItRunInTheNextTurn() {
    serial.execute(() -> {
      throw new Error("a task's error");
    });
    serial.execute(() -> ran.add("queued behind"));

    assertThrows(Error.class, () -> pool.poll().run());
    Runnable nextTurn = pool.poll();
    assertNotNull(nextTurn, "the tasks behind the failed one were not scheduled again");
    nextTurn.run();

    assertEquals(List.of("queued behind"), ran);
  }

  @Test
  void execute_afterATurnEndedByAnError_newTasksRun() {
    serial.execute(() -> {
      throw new Error("a task's error");
    });
    assertThrows(Error.class, () -> pool.poll().run());

    serial.execute(() -> ran.add("later"));
    Runnable turn = pool.poll();
    assertNotNull(turn, "the executor stayed scheduled after the error: nothing runs any more");
    turn.run();

    assertEquals(List.of("later"), ran);
  }
}
