package io.switchboard.node.stream;

import io.switchboard.persistence.fast.FastTokenRow;
import io.switchboard.persistence.fast.FastTokenStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FastTokenStore} in a map, for stream tests (TTLs are not modelled). */
final class InMemoryFastTokenStore implements FastTokenStore {
  final Map<String, FastTokenRow> rows = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Optional<FastTokenRow>> find(String username, String clientId) {
    return CompletableFuture.completedFuture(Optional.ofNullable(rows.get(username + "/" + clientId)));
  }

  @Override
  public CompletionStage<Void> put(String username, String clientId, FastTokenRow row, Duration ttl) {
    rows.put(username + "/" + clientId, row);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> delete(String username, String clientId) {
    rows.remove(username + "/" + clientId);
    return CompletableFuture.completedFuture(null);
  }
}
