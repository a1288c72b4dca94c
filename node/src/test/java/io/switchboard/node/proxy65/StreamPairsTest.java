package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.proxy65.StreamPairs.Activation;
import io.switchboard.node.proxy65.StreamPairs.Join;
import org.junit.jupiter.api.Test;

class StreamPairsTest {
  private static final String D1 = "d1";
  private static final String D2 = "d2";

  private final StreamPairs<String> pairs = new StreamPairs<>(2);

  @Test
  void join_firstThenSecond_pairsInArrivalOrder() {
    assertThat(pairs.join(D1, "target")).isEqualTo(Join.FIRST);
    assertThat(pairs.join(D1, "requester")).isEqualTo(Join.SECOND);

    assertThat(pairs.activate(D1)).isEqualTo(new Activation.Activated<>("target", "requester"));
  }

  @Test
  void join_thirdConnection_isTaken() {
    pairs.join(D1, "target");
    pairs.join(D1, "requester");

    assertThat(pairs.join(D1, "intruder")).isEqualTo(Join.TAKEN);
    assertThat(pairs.activate(D1)).isEqualTo(new Activation.Activated<>("target", "requester"));
  }

  @Test
  void join_maxPendingDigestsWaiting_isFullButSecondPartyStillJoins() {
    pairs.join(D1, "a");
    pairs.join(D2, "b");

    assertThat(pairs.join("d3", "c")).isEqualTo(Join.FULL);
    assertThat(pairs.join(D1, "a2")).isEqualTo(Join.SECOND);
    assertThat(pairs.pendingCount()).isEqualTo(2);
  }

  @Test
  void activate_unknownDigest_isUnknown() {
    assertThat(pairs.activate(D1)).isInstanceOf(Activation.Unknown.class);
  }

  @Test
  void activate_onlyOneParty_isOnePartyAndKeepsWaiting() {
    pairs.join(D1, "target");

    assertThat(pairs.activate(D1)).isInstanceOf(Activation.OneParty.class);
    assertThat(pairs.join(D1, "requester")).isEqualTo(Join.SECOND);
    assertThat(pairs.activate(D1)).isInstanceOf(Activation.Activated.class);
  }

  @Test
  void activate_twice_secondIsUnknownAndFreesTheSlot() {
    pairs.join(D1, "target");
    pairs.join(D1, "requester");
    pairs.activate(D1);

    assertThat(pairs.activate(D1)).isInstanceOf(Activation.Unknown.class);
    assertThat(pairs.pendingCount()).isZero();
  }

  @Test
  void leave_onlyConnection_removesDigest() {
    pairs.join(D1, "target");

    pairs.leave(D1, "target");

    assertThat(pairs.pendingCount()).isZero();
    assertThat(pairs.activate(D1)).isInstanceOf(Activation.Unknown.class);
  }

  @Test
  void leave_firstOfPair_secondWaitsAlone() {
    pairs.join(D1, "target");
    pairs.join(D1, "requester");

    pairs.leave(D1, "target");

    assertThat(pairs.activate(D1)).isInstanceOf(Activation.OneParty.class);
    assertThat(pairs.join(D1, "target2")).isEqualTo(Join.SECOND);
    assertThat(pairs.activate(D1)).isEqualTo(new Activation.Activated<>("requester", "target2"));
  }

  @Test
  void leave_secondOfPair_firstWaitsAlone() {
    pairs.join(D1, "target");
    pairs.join(D1, "requester");

    pairs.leave(D1, "requester");

    assertThat(pairs.activate(D1)).isInstanceOf(Activation.OneParty.class);
  }

  @Test
  void leave_connectionNotWaiting_changesNothing() {
    pairs.join(D1, "target");
    pairs.join(D1, "requester");

    pairs.leave(D1, "stranger");
    pairs.leave(D2, "target");

    assertThat(pairs.activate(D1)).isEqualTo(new Activation.Activated<>("target", "requester"));
  }

  @Test
  void constructor_maxPendingZero_isRejected() {
    assertThatThrownBy(() -> new StreamPairs<String>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
