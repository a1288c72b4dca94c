package io.switchboard.sharding.remotepresence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The relay's bounded, deduplicated, batched queue of returns. */
class ReturnQueueTest {

  @Test
  void take_inArrivalOrder_atMostABatch() {
    ReturnQueue<String> q = new ReturnQueue<>(10);
    q.offer("a");
    q.offer("b");
    q.offer("c");
    assertThat(q.take(2)).containsExactly("a", "b");
    assertThat(q.take(2)).containsExactly("c");
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.take(2)).isEmpty();
  }

  @Test
  void offer_twice_queuedOnce() {
    ReturnQueue<String> q = new ReturnQueue<>(10);
    assertThat(q.offer("a")).isTrue();
    assertThat(q.offer("a")).isTrue();
    assertThat(q.size()).isEqualTo(1);
  }

  @Test
  void offer_beyondTheBound_droppedAndCounted() {
    ReturnQueue<String> q = new ReturnQueue<>(2);
    q.offer("a");
    q.offer("b");
    assertThat(q.offer("c")).isFalse();
    assertThat(q.dropped()).isEqualTo(1);
    assertThat(q.take(10)).containsExactly("a", "b");
    assertThat(q.offer("c")).as("room again").isTrue();
  }
}
