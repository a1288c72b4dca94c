package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.s2s.ResultBudget.Decision;
import org.junit.jupiter.api.Test;

class ResultBudgetTest {
  @Test
  void pending_upToTheMaximum_thenWait_untilOneIsAnswered() {
    ResultBudget budget = new ResultBudget(3, 100);
    for (int i = 0; i < 3; i++) {
      assertThat(budget.request()).as("request %d", i + 1).isEqualTo(Decision.VERIFY);
    }
    assertThat(budget.request()).isEqualTo(Decision.TOO_MANY_PENDING);
    assertThat(budget.request()).as("refused ones do not count").isEqualTo(Decision.TOO_MANY_PENDING);
    budget.answered();
    assertThat(budget.pending()).isEqualTo(2);
    assertThat(budget.request()).isEqualTo(Decision.VERIFY);
    assertThat(budget.request()).isEqualTo(Decision.TOO_MANY_PENDING);
  }

  @Test
  void pairs_overTheStreamsLife_thenCancel_evenWithNothingPending() {
    ResultBudget budget = new ResultBudget(2, 5);
    for (int i = 0; i < 5; i++) {
      assertThat(budget.request()).as("pair %d", i + 1).isEqualTo(Decision.VERIFY);
      budget.answered();
    }
    assertThat(budget.pending()).isZero();
    assertThat(budget.request()).isEqualTo(Decision.TOO_MANY_PAIRS);
    assertThat(budget.request()).as("and stays refused").isEqualTo(Decision.TOO_MANY_PAIRS);
  }

  @Test
  void pairsReached_winsOverPending() {
    ResultBudget budget = new ResultBudget(2, 2);
    budget.request();
    budget.request();
    assertThat(budget.request()).isEqualTo(Decision.TOO_MANY_PAIRS);
  }

  @Test
  void answerWithoutRequest_isABug() {
    assertThatThrownBy(() -> new ResultBudget(1, 1).answered()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void limits_checked() {
    assertThatThrownBy(() -> new ResultBudget(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResultBudget(5, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
