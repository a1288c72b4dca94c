package io.switchboard.node.stream;

import io.switchboard.persistence.account.AccountExistsException;
import io.switchboard.persistence.account.AccountNotFoundException;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import io.switchboard.protocol.jid.Jids;
import org.jxmpp.jid.EntityBareJid;

/** Accounts in memory, for tests of one class (the real store is tested against Cassandra). */
final class InMemoryAccounts implements AccountStore {
  private final Map<String, LoginRecord> accounts = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Void> create(EntityBareJid user, Map<ScramAlgorithm, ScramCredential> credentials) {
    if (accounts.putIfAbsent(user.toString(), new LoginRecord(credentials, Instant.parse("2026-12-01T00:00:00Z"))) != null) {
      return CompletableFuture.failedFuture(new AccountExistsException(user));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> delete(EntityBareJid user) {
    accounts.remove(user.toString());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> changePassword(EntityBareJid user, Map<ScramAlgorithm, ScramCredential> credentials) {
    accounts.computeIfPresent(user.toString(), (k, v) -> new LoginRecord(credentials, v.createdAt(), v.disabled()));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> setDisabled(EntityBareJid user, boolean disabled) {
    if (accounts.computeIfPresent(user.toString(), (k, v) -> new LoginRecord(v.credentials(), v.createdAt(), disabled)) == null) {
      return CompletableFuture.failedFuture(new AccountNotFoundException(user));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Optional<Map<ScramAlgorithm, ScramCredential>>> credentials(EntityBareJid user) {
    return CompletableFuture.completedFuture(Optional.ofNullable(accounts.get(user.toString())).map(LoginRecord::credentials));
  }

  @Override
  public CompletionStage<Optional<LoginRecord>> login(EntityBareJid user) {
    return CompletableFuture.completedFuture(Optional.ofNullable(accounts.get(user.toString())));
  }

  @Override
  public CompletionStage<Boolean> exists(EntityBareJid user) {
    return CompletableFuture.completedFuture(accounts.containsKey(user.toString()));
  }

  @Override
  public CompletionStage<Optional<Instant>> createdAt(EntityBareJid user) {
    return CompletableFuture.completedFuture(Optional.ofNullable(accounts.get(user.toString())).map(LoginRecord::createdAt));
  }

  @Override
  public CompletionStage<Long> count() {
    return CompletableFuture.completedFuture((long) accounts.size());
  }

  @Override
  public CompletionStage<Listing> list(int maxRows) {
    List<Listed> all = accounts.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> new Listed(Jids.bare(e.getKey()), e.getValue().disabled())).toList();
    return CompletableFuture.completedFuture(
        new Listing(all.stream().limit(maxRows).toList(), all.size() > maxRows));
  }
}
