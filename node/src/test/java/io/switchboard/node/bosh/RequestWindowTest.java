package io.switchboard.node.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestWindowTest {
  private final RequestWindow<String> window = new RequestWindow<>(100, 2);

  @Test
  void arrive_nextRid_processed() {
    assertThat(window.arrive(101, "a")).isInstanceOf(RequestWindow.Process.class);
    assertThat(window.highestInOrder()).isEqualTo(101);
  }

  @Test
  void arrive_aheadWithinWindow_waitsThenFollowsInOrder() {
    assertThat(window.arrive(102, "b")).isInstanceOf(RequestWindow.Wait.class);
    assertThat(window.nextInOrder()).isEmpty();
    assertThat(window.arrive(101, "a")).isInstanceOf(RequestWindow.Process.class);
    var next = window.nextInOrder();
    assertThat(next).isPresent();
    assertThat(next.get().getKey()).isEqualTo(102L);
    assertThat(next.get().getValue()).isEqualTo("b");
    assertThat(window.highestInOrder()).isEqualTo(102);
  }

  @Test
  void arrive_beyondWindow_outOfWindow() {
    assertThat(window.arrive(103, "c")).isInstanceOf(RequestWindow.OutOfWindow.class);
    assertThat(window.arrive(5000, "x")).isInstanceOf(RequestWindow.OutOfWindow.class);
  }

  @Test
  void arrive_answeredAgain_sameResponse() {
    window.arrive(101, "a");
    window.answered(101, "<body>one</body>");
    assertThat(window.arrive(101, "a again")).isEqualTo(new RequestWindow.Repeat<String>("<body>one</body>"));
  }

  @Test
  void arrive_stillHeld_replace() {
    window.arrive(101, "a");
    assertThat(window.arrive(101, "a again")).isEqualTo(new RequestWindow.Replace<String>(101));
    assertThat(window.arrive(100, "creation again")).isEqualTo(new RequestWindow.Replace<String>(100));
  }

  @Test
  void arrive_olderThanRemembered_outOfWindow() {
    for (long rid = 101; rid <= 105; rid++) {
      window.arrive(rid, "r");
      window.answered(rid, "<body/>");
    }
    assertThat(window.arrive(101, "old")).isInstanceOf(RequestWindow.OutOfWindow.class);
    assertThat(window.arrive(105, "recent")).isInstanceOf(RequestWindow.Repeat.class);
  }

  @Test
  void acknowledged_forgetsAnsweredUpToIt() {
    window.arrive(101, "a");
    window.answered(101, "<body/>");
    window.acknowledged(101);
    assertThat(window.arrive(101, "a")).isInstanceOf(RequestWindow.OutOfWindow.class);
  }
}
