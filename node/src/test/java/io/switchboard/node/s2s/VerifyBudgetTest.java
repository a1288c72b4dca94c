package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VerifyBudgetTest {
  @Test
  void unauthenticated_answersUpToTheMaximum_thenRefuses() {
    VerifyBudget budget = new VerifyBudget(3);
    for (int i = 0; i < 3; i++) {
      assertThat(budget.request(false)).as("request %d", i + 1).isEqualTo(VerifyBudget.Decision.ANSWER);
    }
    assertThat(budget.request(false)).isEqualTo(VerifyBudget.Decision.REFUSE);
    assertThat(budget.request(false)).as("and stays refused").isEqualTo(VerifyBudget.Decision.REFUSE);
  }

  @Test
  void authenticated_alwaysAnswered_andDoesNotUseTheBudget() {
    VerifyBudget budget = new VerifyBudget(1);
    for (int i = 0; i < 1_000; i++) {
      assertThat(budget.request(true)).isEqualTo(VerifyBudget.Decision.ANSWER);
    }
    assertThat(budget.request(false)).as("the one before authentication").isEqualTo(VerifyBudget.Decision.ANSWER);
    assertThat(budget.request(false)).isEqualTo(VerifyBudget.Decision.REFUSE);
  }

  @Test
  void maximumBelowOne_rejected() {
    assertThatThrownBy(() -> new VerifyBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
