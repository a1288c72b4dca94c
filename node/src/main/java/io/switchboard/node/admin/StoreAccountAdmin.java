package io.switchboard.node.admin;

import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.persistence.account.AccountExistsException;
import io.switchboard.persistence.account.AccountNotFoundException;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.sharding.admin.AccountAdmin;
import io.switchboard.sharding.router.Router;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XEP-0133 commands' accounts over the node's {@link AccountStore}: the same calls as
 * {@code ./switchboard adduser/passwd} and XEP-0077 (salted SCRAM keys derived on a
 * {@link KeyDerivation} thread, never the password stored or logged); a deletion then tells the
 * account's entity ({@link Router#accountDeleted}), as an XEP-0077 removal does, which closes the
 * user's streams and deletes its roster, offline messages and archive.
 */
public final class StoreAccountAdmin implements AccountAdmin {
  private static final Logger log = LoggerFactory.getLogger(StoreAccountAdmin.class);

  private final AccountStore accounts;
  private final KeyDerivation kdf;
  private final Router router;

  public StoreAccountAdmin(AccountStore accounts, KeyDerivation kdf, Router router) {
    this.accounts = accounts;
    this.kdf = kdf;
    this.router = router;
  }

  @Override
  public CompletionStage<Result> create(EntityBareJid user, String password) {
    return kdf.credentials(password).thenCompose(c -> accounts.create(user, c))
        .handle((ok, e) -> result(e, "create", user));
  }

  @Override
  public CompletionStage<Result> delete(EntityBareJid user) {
    return accounts.delete(user).handle((ok, e) -> {
      Result r = result(e, "delete", user);
      if (r == Result.DONE) {
        router.accountDeleted(user);
      }
      return r;
    });
  }

  @Override
  public CompletionStage<Result> changePassword(EntityBareJid user, String password) {
    return kdf.credentials(password).thenCompose(c -> accounts.changePassword(user, c))
        .handle((ok, e) -> result(e, "change the password of", user));
  }

  @Override
  public CompletionStage<Result> setDisabled(EntityBareJid user, boolean disabled) {
    return accounts.setDisabled(user, disabled)
        .handle((ok, e) -> result(e, disabled ? "disable" : "re-enable", user));
  }

  @Override
  public CompletionStage<Boolean> exists(EntityBareJid user) {
    return accounts.exists(user);
  }

  @Override
  public CompletionStage<Long> count() {
    return accounts.count();
  }

  @Override
  public CompletionStage<Scan> scan(int maxRows) {
    return accounts.list(maxRows).thenApply(l -> {
      Comparator<EntityBareJid> byName = Comparator.comparing(EntityBareJid::toString);
      List<EntityBareJid> all = l.accounts().stream().map(AccountStore.Listed::jid).sorted(byName).toList();
      List<EntityBareJid> disabled = l.accounts().stream().filter(AccountStore.Listed::disabled)
          .map(AccountStore.Listed::jid).sorted(byName).toList();
      return new Scan(all, disabled, l.truncated());
    });
  }

  private static Result result(Throwable e, String what, EntityBareJid user) {
    if (e == null) {
      log.info("admin command: {} {} done", what, user);
      return Result.DONE;
    }
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof AccountExistsException) {
        return Result.EXISTS;
      }
      if (c instanceof AccountNotFoundException) {
        return Result.NOT_FOUND;
      }
    }
    if (KeyDerivation.isOverloaded(e)) {
      return Result.BUSY;
    }
    throw new IllegalStateException("could not " + what + " " + user, e);
  }
}
