package io.switchboard.sharding.session.delivery;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sharding.offline.OfflineStages;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryPipelineTest {
  private final TestSessionContext ctx = PartFixture.juliet();
  private final List<String> seen = new ArrayList<>();

  /** A stage that records what it saw, in which phase. */
  private DeliveryStage recording(DeliveryStage.Phase phase, String name) {
    return new DeliveryStage() {
      @Override
      public Phase phase() {
        return phase;
      }

      @Override
      public Delivery apply(SessionContext c, Account state, Delivery d) {
        seen.add(name + " targets=" + d.targets().size());
        return d;
      }
    };
  }

  private DeliveryPipeline pipeline(DeliveryStage... middle) {
    List<DeliveryStage> stages = new ArrayList<>();
    stages.add(OfflineStages.DUPLICATES);
    stages.addAll(List.of(middle));
    stages.add(OfflineStages.STORAGE);
    return new DeliveryPipeline(stages);
  }

  @Test
  void stages_runInTheirPhases_receivedBeforeTargetsAddressedAfter() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 1), 1);
    DeliveryPipeline p = pipeline(recording(DeliveryStage.Phase.ADDRESSED, "carbons"),
        recording(DeliveryStage.Phase.RECEIVED, "archive"), recording(DeliveryStage.Phase.UNDELIVERABLE, "push"));

    p.deliver(ctx, Account.EMPTY, Delivery.of(message("romeo@example.com/o", JULIET, "chat", "hi"), null));

    assertThat(seen).containsExactly("archive targets=0", "carbons targets=1");
    assertThat(ctx.deliveredTo("balcony")).hasSize(1);
  }

  @Test
  void nobodyOnline_undeliverableStagesThenOfflineStorage() {
    DeliveryPipeline p = pipeline(recording(DeliveryStage.Phase.UNDELIVERABLE, "push"));

    p.deliver(ctx, Account.EMPTY, Delivery.of(message("romeo@example.com/o", JULIET, "chat", "hi"), null));

    assertThat(seen).containsExactly("push targets=0");
    assertThat(ctx.selfMessages).hasSize(1); // the offline write's result, on its way back
  }

  @Test
  void aStageEndingTheDelivery_nothingWrittenOrStored() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 1), 1);
    DeliveryPipeline p = pipeline(new DeliveryStage() {
      @Override
      public Phase phase() {
        return Phase.RECEIVED;
      }

      @Override
      public Delivery apply(SessionContext c, Account state, Delivery d) {
        return null;
      }
    });

    p.deliver(ctx, Account.EMPTY, Delivery.of(message("romeo@example.com/o", JULIET, "chat", "hi"), null));

    assertThat(ctx.delivered).isEmpty();
    assertThat(ctx.selfMessages).isEmpty();
  }

  @Test
  void rfc6121Targets_highestPriorityForChat_allNonNegativeForHeadline_headlineNeverStored() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 5), 5);
    ctx.bind("chamber", PartFixture.connection(), available(JULIET + "/chamber", 1), 1);
    ctx.bind("hidden", PartFixture.connection(), available(JULIET + "/hidden", -1), -1);
    DeliveryPipeline p = pipeline();

    p.deliver(ctx, Account.EMPTY, Delivery.of(message("romeo@example.com/o", JULIET, "chat", "c"), null));
    p.deliver(ctx, Account.EMPTY, Delivery.of(message("romeo@example.com/o", JULIET, "headline", "h"), null));

    assertThat(ctx.deliveredTo("balcony")).hasSize(2);
    assertThat(ctx.deliveredTo("chamber")).hasSize(1);
    assertThat(ctx.deliveredTo("hidden")).isEmpty();

    TestSessionContext empty = PartFixture.juliet();
    p.deliver(empty, Account.EMPTY, Delivery.of(message("romeo@example.com/o", JULIET, "headline", "h"), null));
    assertThat(empty.selfMessages).isEmpty();
  }

  @Test
  void groupchatToTheBareJid_serviceUnavailable_errorsDropped() {
    DeliveryPipeline p = pipeline();
    p.deliver(ctx, Account.EMPTY, Delivery.of(message("room@conference.example.com/n", JULIET, "groupchat", "g"), null));
    p.deliver(ctx, Account.EMPTY, Delivery.of(message("romeo@example.com/o", JULIET, "error", "e"), null));

    assertThat(errorCondition(ctx.routing.next())).isEqualTo("service-unavailable");
    assertThat(ctx.routing.drain()).isEmpty();
    assertThat(ctx.selfMessages).isEmpty();
  }
}
