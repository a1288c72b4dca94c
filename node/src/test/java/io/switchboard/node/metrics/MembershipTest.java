package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MembershipTest {
  private static final String A = "pekko://switchboard@10.0.0.1:7355";
  private static final String B = "pekko://switchboard@10.0.0.2:7355";
  private static final String C = "pekko://switchboard@10.0.0.3:7355";

  @Test
  void label_pekkoStatusNames_becomeKebabCase() {
    assertThat(Membership.label("Up")).isEqualTo("up");
    assertThat(Membership.label("WeaklyUp")).isEqualTo("weakly-up");
    assertThat(Membership.label("PreparingForShutdown")).isEqualTo("preparing-for-shutdown");
    assertThat(Membership.STATUSES).contains("joining", "weakly-up", "up", "leaving", "exiting", "down",
        "ready-for-shutdown");
  }

  @Test
  void withStatus_memberMovesThroughItsLife_countedOnceUnderItsLatestStatus() {
    Membership v = Membership.EMPTY.withStatus(A, "up").withStatus(B, "joining");
    assertThat(v.count("up")).isEqualTo(1);
    assertThat(v.count("joining")).isEqualTo(1);
    v = v.withStatus(B, "up").withStatus(A, "leaving");
    assertThat(v.count("up")).isEqualTo(1);
    assertThat(v.count("leaving")).isEqualTo(1);
    assertThat(v.count("joining")).isZero();
    v = v.withStatus(A, "exiting").removed(A);
    assertThat(v.count("exiting")).isZero();
    assertThat(v.members()).containsOnlyKeys(B);
  }

  @Test
  void unreachable_thenReachable_thenRemovedWhileUnreachable_countsFollow() {
    Membership v = Membership.EMPTY.withStatus(A, "up").withStatus(B, "up").withStatus(C, "up");
    v = v.unreachable(B).unreachable(C);
    assertThat(v.unreachable()).containsExactlyInAnyOrder(B, C);
    v = v.reachable(B);
    assertThat(v.unreachable()).containsExactly(C);
    v = v.withStatus(C, "down").removed(C);
    assertThat(v.unreachable()).isEmpty();
    assertThat(v.count("up")).isEqualTo(2);
    assertThat(v.count("down")).isZero();
  }

  @Test
  void isLeader_followsLeaderChanges() {
    Membership v = Membership.EMPTY.withStatus(A, "up");
    assertThat(v.isLeader(A)).isFalse();
    v = v.leader(Optional.of(A));
    assertThat(v.isLeader(A)).isTrue();
    assertThat(v.isLeader(B)).isFalse();
    assertThat(v.leader(Optional.empty()).isLeader(A)).isFalse();
  }
}
