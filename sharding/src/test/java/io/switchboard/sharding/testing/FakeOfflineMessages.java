package io.switchboard.sharding.testing;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.offline.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.EntityBareJid;

/** In-memory offline store with a per-user quota; completes immediately. */
public final class FakeOfflineMessages implements OfflineMessages {
  private final Map<String, List<StoredMessage>> byUser = new ConcurrentHashMap<>();
  private final Map<String, Integer> deletedAll = new ConcurrentHashMap<>();
  private final Map<String, Integer> fetches = new ConcurrentHashMap<>();
  private final int quota;
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
  private volatile int pageSize = Integer.MAX_VALUE;

  public FakeOfflineMessages(int quota) {
    this.quota = quota;
  }

  @Override
  public CompletionStage<Boolean> store(EntityBareJid user, XmlElement stanza, Instant stamp) {
    return gate.thenApply(v -> {
      synchronized (this) {
        List<StoredMessage> list = byUser.computeIfAbsent(user.toString(), k -> new ArrayList<>());
        if (list.size() >= quota) {
          return false;
        }
        list.add(new StoredMessage(UUID.randomUUID(), stanza, stamp));
        return true;
      }
    });
  }

  /** Stores wait (in flight) until {@link #release()}. */
  public void hold() {
    gate = new CompletableFuture<>();
  }

  public void release() {
    gate.complete(null);
  }

  /** A fetch returns at most {@code size} messages, the oldest. */
  public void pageSize(int size) {
    pageSize = size;
  }

  @Override
  public int pageSize() {
    return pageSize;
  }

  @Override
  public synchronized CompletionStage<List<StoredMessage>> fetch(EntityBareJid user) {
    fetches.merge(user.toString(), 1, Integer::sum);
    List<StoredMessage> all = byUser.getOrDefault(user.toString(), List.of());
    return CompletableFuture.completedFuture(List.copyOf(all.subList(0, Math.min(all.size(), pageSize))));
  }

  @Override
  public synchronized CompletionStage<Void> delete(EntityBareJid user, List<UUID> ids) {
    List<StoredMessage> list = byUser.get(user.toString());
    if (list != null) {
      list.removeIf(m -> ids.contains(m.id()));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Void> deleteAll(EntityBareJid user) {
    byUser.remove(user.toString());
    deletedAll.merge(user.toString(), 1, Integer::sum);
    return CompletableFuture.completedFuture(null);
  }

  /** How often {@link #fetch} was called for {@code user}. */
  public synchronized int fetches(String user) {
    return fetches.getOrDefault(user, 0);
  }

  /** How often {@link #deleteAll} was called for {@code user}. */
  public synchronized int deletedAll(String user) {
    return deletedAll.getOrDefault(user, 0);
  }

  public synchronized List<StoredMessage> stored(String user) {
    return List.copyOf(byUser.getOrDefault(user, List.of()));
  }
}
