package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.offline.StoredMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * The offline store as the session entities use it, counting what it did: messages stored,
 * refused because the user's quota was full, and delivered (deleted once the client had them;
 * {@link OfflineMessages#delete} is only called for delivered messages). A decorator, so the
 * entity's {@code OfflineInbox} needs no metrics of its own.
 */
final class OfflineCounters implements OfflineMessages {
  private final OfflineMessages store;
  private final Counter stored;
  private final Counter refused;
  private final Counter delivered;

  OfflineCounters(OfflineMessages store, MeterRegistry registry) {
    this.store = store;
    this.stored = Counter.builder("switchboard.offline.stored")
        .description("Messages stored for offline users (XEP-0160)").register(registry);
    this.refused = Counter.builder("switchboard.offline.refused")
        .description("Offline messages refused because the user's quota was full").register(registry);
    this.delivered = Counter.builder("switchboard.offline.delivered")
        .description("Offline messages delivered (and deleted once acknowledged)").register(registry);
  }

  @Override
  public CompletionStage<Boolean> store(EntityBareJid user, XmlElement stanza, Instant stamp) {
    return store.store(user, stanza, stamp).whenComplete((accepted, failure) -> {
      if (failure == null) {
        (Boolean.TRUE.equals(accepted) ? stored : refused).increment();
      }
    });
  }

  @Override
  public CompletionStage<Integer> storeAll(EntityBareJid user, List<XmlElement> stanzas, Instant stamp) {
    int n = stanzas.size();
    return store.storeAll(user, stanzas, stamp).whenComplete((k, failure) -> {
      if (failure == null) {
        stored.increment(k);
        refused.increment(n - k);
      }
    });
  }

  @Override
  public CompletionStage<List<StoredMessage>> fetch(EntityBareJid user) {
    return store.fetch(user);
  }

  @Override
  public int pageSize() {
    return store.pageSize();
  }

  @Override
  public CompletionStage<Void> delete(EntityBareJid user, List<UUID> ids) {
    int n = ids.size();
    return store.delete(user, ids).whenComplete((ok, failure) -> {
      if (failure == null) {
        delivered.increment(n);
      }
    });
  }

  @Override
  public CompletionStage<Void> deleteAll(EntityBareJid user) {
    return store.deleteAll(user);
  }
}
