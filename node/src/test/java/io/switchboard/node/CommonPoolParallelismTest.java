package io.switchboard.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonPoolParallelismTest {

  @Test
  void oneOrTwoProcessors_parallelismTwo() {
    assertThat(CommonPoolParallelism.decide(null, 1)).contains("2");
    assertThat(CommonPoolParallelism.decide(null, 2)).contains("2");
  }

  @Test
  void enoughProcessorsOrAnOperatorsChoice_leftAlone() {
    assertThat(CommonPoolParallelism.decide(null, 3)).isEmpty();
    assertThat(CommonPoolParallelism.decide("1", 1)).isEmpty();
  }
}
