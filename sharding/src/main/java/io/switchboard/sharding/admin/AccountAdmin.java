package io.switchboard.sharding.admin;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * The account operations the XEP-0133 commands need, implemented by the node over its account
 * store the same way the CLI and XEP-0077 do (SCRAM keys derived off the network threads; a
 * deletion then tells the account's entity, which closes its streams and forgets its data).
 * Passwords are never logged.
 */
public interface AccountAdmin {

  /** How an operation ended. */
  enum Result { DONE, EXISTS, NOT_FOUND, BUSY }

  CompletionStage<Result> create(EntityBareJid user, String password);

  CompletionStage<Result> delete(EntityBareJid user);

  CompletionStage<Result> changePassword(EntityBareJid user, String password);

  /** Disables (logins refused, credentials kept) or re-enables the account. */
  CompletionStage<Result> setDisabled(EntityBareJid user, boolean disabled);

  CompletionStage<Boolean> exists(EntityBareJid user);

  /** The number of accounts: a count over the whole store, for admins only. */
  CompletionStage<Long> count();

  /**
   * What a bounded read of the accounts found: the accounts read and those of them disabled (each
   * sorted), and whether the store holds more than were read.
   */
  record Scan(List<EntityBareJid> accounts, List<EntityBareJid> disabled, boolean truncated) {}

  /** Reads at most {@code maxRows} accounts (a bounded scan, not of the whole store). */
  CompletionStage<Scan> scan(int maxRows);
}
