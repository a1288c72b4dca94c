package io.switchboard.node.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.register.CaptchaChallenges.Issued;
import io.switchboard.node.register.CaptchaChallenges.Verdict;
import io.switchboard.node.testing.ManualClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** XEP-0158 challenges of one stream (issue #23 F2): issue, verify, single use, expiry, bound. */
class CaptchaChallengesTest {
  private static final Duration TTL = Duration.ofMinutes(5);
  private final ManualClock clock = new ManualClock();
  private final CaptchaChallenges challenges = new CaptchaChallenges(TTL, clock, new Random(42));

  @Test
  void verify_rightAnswer_passesOnceThenUnknown() {
    Issued c = challenges.issue();
    assertThat(challenges.verify(c.id(), QaSolver.solve(c.question()))).isEqualTo(Verdict.PASSED);
    assertThat(challenges.verify(c.id(), QaSolver.solve(c.question()))).as("used up").isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void verify_wrongAnswer_wrongAndUsedUp() {
    Issued c = challenges.issue();
    assertThat(challenges.verify(c.id(), "not the answer")).isEqualTo(Verdict.WRONG);
    assertThat(challenges.verify(c.id(), QaSolver.solve(c.question())))
        .as("no second try on the same challenge").isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void verify_missingAnswer_wrong() {
    Issued c = challenges.issue();
    assertThat(challenges.verify(c.id(), null)).isEqualTo(Verdict.WRONG);
  }

  @Test
  void verify_unknownOrMissingId_unknown() {
    Issued c = challenges.issue();
    assertThat(challenges.verify("0123456789abcdef01234567", QaSolver.solve(c.question()))).isEqualTo(Verdict.UNKNOWN);
    assertThat(challenges.verify(null, QaSolver.solve(c.question()))).isEqualTo(Verdict.UNKNOWN);
    assertThat(challenges.verify(c.id(), QaSolver.solve(c.question()))).as("still live").isEqualTo(Verdict.PASSED);
  }

  @Test
  void verify_idFromAnotherStream_unknown() {
    CaptchaChallenges otherStream = new CaptchaChallenges(TTL, clock, new Random(7));
    Issued c = otherStream.issue();
    assertThat(challenges.verify(c.id(), QaSolver.solve(c.question()))).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void verify_atTtl_unknown() {
    Issued c = challenges.issue();
    clock.advance(TTL);
    assertThat(challenges.verify(c.id(), QaSolver.solve(c.question()))).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void verify_justBeforeTtl_passes() {
    Issued c = challenges.issue();
    clock.advance(TTL.minusMillis(1));
    assertThat(challenges.verify(c.id(), QaSolver.solve(c.question()))).isEqualTo(Verdict.PASSED);
  }

  @Test
  void verify_answerWithOtherCaseAndSpaces_passes() {
    Issued c = challenges.issue();
    assertThat(challenges.verify(c.id(), "  " + QaSolver.solve(c.question()).toUpperCase() + " \t"))
        .isEqualTo(Verdict.PASSED);
  }

  @Test
  void issue_beyondMaximum_dropsTheOldest() {
    Issued first = challenges.issue();
    Issued[] later = new Issued[CaptchaChallenges.MAX_OUTSTANDING];
    for (int i = 0; i < later.length; i++) {
      later[i] = challenges.issue();
    }
    assertThat(challenges.outstanding()).isEqualTo(CaptchaChallenges.MAX_OUTSTANDING);
    assertThat(challenges.verify(first.id(), QaSolver.solve(first.question()))).isEqualTo(Verdict.UNKNOWN);
    for (Issued c : later) {
      assertThat(challenges.verify(c.id(), QaSolver.solve(c.question()))).isEqualTo(Verdict.PASSED);
    }
  }

  @Test
  void issue_afterExpiry_forgetsExpiredOnes() {
    challenges.issue();
    challenges.issue();
    clock.advance(TTL);
    challenges.issue();
    assertThat(challenges.outstanding()).isEqualTo(1);
  }

  @Test
  void issue_manyChallenges_distinctIdsAndEveryKindOfQuestionSolvable() {
    Set<String> ids = new HashSet<>();
    Set<String> kinds = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      Issued c = challenges.issue();
      assertThat(ids.add(c.id())).isTrue();
      kinds.add(c.question().contains(" plus ") ? "plus" : c.question().contains(" minus ") ? "minus"
          : c.question().split(" ")[2]); // the ordinal of a word question
      assertThat(challenges.verify(c.id(), QaSolver.solve(c.question()))).as(c.question()).isEqualTo(Verdict.PASSED);
    }
    assertThat(kinds).contains("plus", "minus");
    assertThat(kinds).contains("first", "fourth");
  }

  @Test
  void verify_numberAnswerAsWord_passes() {
    for (int i = 0; i < 50; i++) {
      Issued c = challenges.issue();
      if (c.question().contains(" plus ")) {
        int n = Integer.parseInt(QaSolver.solve(c.question()));
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
            "twenty"};
        assertThat(challenges.verify(c.id(), words[n])).isEqualTo(Verdict.PASSED);
        return;
      }
      challenges.verify(c.id(), "");
    }
    throw new AssertionError("no sum question in 50");
  }
}
