package io.switchboard.sharding.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.NodeCreated;
import io.switchboard.sharding.pubsub.PubSubNode.SubscriptionSaved;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private static final NodeCreated CREATED = new NodeCreated(NodeConfig.serviceDefaults(10),
      "owner@example.com", PubSubFixture.NOW);

  private static SubscriptionSaved sub(String jid) {
    return new SubscriptionSaved(new NodeSubscription(jid, "id-" + jid,
        NodeSubscription.State.SUBSCRIBED, Map.of()));
  }

  @Test
  void nextDecisionSeesQueuedEvents_writtenStateUntouched() {
    GroupCommit queue = new GroupCommit(10);
    NodeState written = NodeState.ABSENT.apply(CREATED);

    assertThat(queue.add(written, List.of(sub("a@x")), s -> { })).isTrue();
    assertThat(queue.add(written, List.of(sub("b@x")), s -> { })).isFalse();

    assertThat(queue.state(written).subscriptionsOf("a@x")).hasSize(1);
    assertThat(queue.state(written).subscriptionsOf("b@x")).hasSize(1);
    assertThat(written.subscriptionsOf("a@x")).isEmpty();
  }

  @Test
  void drain_returnsEventsInOrder_runsActionsInOrderWithWrittenState_andEmpties() {
    GroupCommit queue = new GroupCommit(10);
    NodeState written = NodeState.ABSENT.apply(CREATED);
    List<String> ran = new ArrayList<>();
    queue.add(written, List.of(sub("a@x")), s -> ran.add("a:" + s.subscriptions().size()));
    queue.add(written, List.of(), s -> ran.add("read"));
    queue.add(written, List.of(sub("b@x")), s -> ran.add("b"));

    GroupCommit.Batch batch = queue.drain();
    assertThat(batch.events()).containsExactly(sub("a@x"), sub("b@x"));
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.state(written)).isSameAs(written);

    NodeState after = written;
    for (Event e : batch.events()) {
      after = after.apply(e);
    }
    batch.run(after);
    assertThat(ran).containsExactly("a:2", "read", "b");
  }

  @Test
  void full_whenQueuedEventsReachTheLimit() {
    GroupCommit queue = new GroupCommit(2);
    NodeState written = NodeState.ABSENT.apply(CREATED);
    queue.add(written, List.of(), s -> { });
    queue.add(written, List.of(sub("a@x")), s -> { });
    assertThat(queue.full()).isFalse();
    queue.add(written, List.of(sub("b@x")), s -> { });
    assertThat(queue.full()).isTrue();
    assertThatThrownBy(() -> new GroupCommit(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
