package io.switchboard.sharding.testing;

import io.switchboard.sharding.account.AccountDirectory;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxmpp.jid.EntityBareJid;

/**
 * In-memory accounts: every account not set explicitly exists with {@link Instant#EPOCH}. Answers
 * can be held back ({@link #hold()}) until {@link #release()}.
 */
public final class FakeAccountDirectory implements AccountDirectory {
  private final Map<String, Optional<Instant>> accounts = new ConcurrentHashMap<>();
  private final AtomicInteger asked = new AtomicInteger();
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

  @Override
  public CompletionStage<Optional<Instant>> createdAt(EntityBareJid user) {
    asked.incrementAndGet();
    return gate.thenApply(v -> accounts.getOrDefault(user.toString(), Optional.of(Instant.EPOCH)));
  }

  public void created(String user, Instant at) {
    accounts.put(user, Optional.of(at));
  }

  public void deleted(String user) {
    accounts.put(user, Optional.empty());
  }

  public void hold() {
    gate = new CompletableFuture<>();
  }

  public void release() {
    gate.complete(null);
  }

  public int asked() {
    return asked.get();
  }
}
