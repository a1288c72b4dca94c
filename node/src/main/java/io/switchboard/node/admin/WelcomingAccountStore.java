package io.switchboard.node.admin;

import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import io.switchboard.sharding.admin.AdminOperations;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * The account store the client listeners get: every account created through it (XEP-0077 in-band
 * registration) is sent the welcome message once created ({@link AdminOperations#welcome}). The
 * admin front ends create accounts through {@link AdminOperations#create}, which sends it itself,
 * so they use the plain store. Everything else is passed through.
 */
public final class WelcomingAccountStore implements AccountStore {
  private final AccountStore store;
  private final AdminOperations operations;

  public WelcomingAccountStore(AccountStore store, AdminOperations operations) {
    this.store = store;
    this.operations = operations;
  }

  @Override
  public CompletionStage<Void> create(EntityBareJid user, Map<ScramAlgorithm, ScramCredential> credentials) {
    // The registration is answered once the welcome message (if any) is on its way.
    return store.create(user, credentials).thenCompose(v -> operations.welcome(user).thenApply(sent -> v));
  }

  @Override
  public CompletionStage<Void> delete(EntityBareJid user) {
    return store.delete(user);
  }

  @Override
  public CompletionStage<Void> changePassword(EntityBareJid user, Map<ScramAlgorithm, ScramCredential> credentials) {
    return store.changePassword(user, credentials);
  }

  @Override
  public CompletionStage<Optional<Map<ScramAlgorithm, ScramCredential>>> credentials(EntityBareJid user) {
    return store.credentials(user);
  }

  @Override
  public CompletionStage<Void> setDisabled(EntityBareJid user, boolean disabled) {
    return store.setDisabled(user, disabled);
  }

  @Override
  public CompletionStage<Optional<LoginRecord>> login(EntityBareJid user) {
    return store.login(user);
  }

  @Override
  public CompletionStage<Boolean> exists(EntityBareJid user) {
    return store.exists(user);
  }

  @Override
  public CompletionStage<Optional<Instant>> createdAt(EntityBareJid user) {
    return store.createdAt(user);
  }

  @Override
  public CompletionStage<Long> count() {
    return store.count();
  }

  @Override
  public CompletionStage<Listing> list(int maxRows) {
    return store.list(maxRows);
  }
}
