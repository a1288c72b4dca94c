package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.offline.StoredMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;

class OfflineCountersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EntityBareJid dan = Jids.bare("dan@example.com");
  private final XmlElement message = XmlElement.of("message", "jabber:client");

  /** Accepts two messages, then the quota is full; the second delete fails. */
  private final OfflineMessages store = new OfflineMessages() {
    int stored;
    int deletes;

    @Override
    public CompletionStage<Boolean> store(EntityBareJid user, XmlElement stanza, Instant stamp) {
      return CompletableFuture.completedFuture(++stored <= 2);
    }

    @Override
    public CompletionStage<List<StoredMessage>> fetch(EntityBareJid user) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Void> delete(EntityBareJid user, List<UUID> ids) {
      return ++deletes == 1 ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(new IllegalStateException("storage down"));
    }
  };

  @Test
  void storeAndDelete_countedByOutcome() {
    OfflineMessages counted = new OfflineCounters(store, registry);
    for (int i = 0; i < 3; i++) {
      counted.store(dan, message, Instant.EPOCH);
    }
    counted.delete(dan, List.of(UUID.randomUUID(), UUID.randomUUID()));
    counted.delete(dan, List.of(UUID.randomUUID()));
    assertThat(registry.get("switchboard.offline.stored").counter().count()).isEqualTo(2);
    assertThat(registry.get("switchboard.offline.refused").counter().count()).isEqualTo(1);
    assertThat(registry.get("switchboard.offline.delivered").counter().count()).isEqualTo(2);
  }

  @Test
  void storeAll_countedByOutcome() {
    OfflineMessages counted = new OfflineCounters(store, registry);
    // the test store's default storeAll: two fit, the third is refused, and so is the fourth
    assertThat(counted.storeAll(dan, List.of(message, message, message, message), Instant.EPOCH)
        .toCompletableFuture().join()).isEqualTo(2);
    assertThat(registry.get("switchboard.offline.stored").counter().count()).isEqualTo(2);
    assertThat(registry.get("switchboard.offline.refused").counter().count()).isEqualTo(2);
  }
}
