package io.switchboard.persistence.account;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import io.switchboard.protocol.sasl.ScramCredentials;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * User accounts: the SCRAM credentials of each bare JID (salt, iterations, StoredKey, ServerKey per
 * hash family; RFC 5802 §3). The password itself is never stored. Failures arrive as a failed
 * stage: {@link AccountExistsException}, {@link AccountNotFoundException}, or a driver exception.
 */
public interface AccountStore {

  /** The Cassandra implementation; prepares its statements now (the schema must exist). */
  static AccountStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraAccountStore(session, settings.keyspace(), settings.schemaTimeout());
  }

  /** Creates the account; fails with {@link AccountExistsException} if it exists (an LWT). */
  CompletionStage<Void> create(EntityBareJid user, Map<ScramAlgorithm, ScramCredential> credentials);

  /** Derives credentials for every algorithm from {@code password}, then {@link #create}. */
  default CompletionStage<Void> create(EntityBareJid user, String password) {
    return create(user, ScramCredentials.deriveAll(password, ScramCredentials.DEFAULT_ITERATIONS));
  }

  /** Deletes the account; fails with {@link AccountNotFoundException} if absent. */
  CompletionStage<Void> delete(EntityBareJid user);

  /** Replaces the credentials; fails with {@link AccountNotFoundException} if absent. */
  CompletionStage<Void> changePassword(EntityBareJid user, Map<ScramAlgorithm, ScramCredential> credentials);

  /** Derives credentials for every algorithm from {@code password}, then {@link #changePassword}. */
  default CompletionStage<Void> changePassword(EntityBareJid user, String password) {
    return changePassword(user, ScramCredentials.deriveAll(password, ScramCredentials.DEFAULT_ITERATIONS));
  }

  /** The stored credentials, empty when there is no such account. */
  CompletionStage<Optional<Map<ScramAlgorithm, ScramCredential>>> credentials(EntityBareJid user);

  /**
   * An account as a login needs it: its credentials, its incarnation ({@link #createdAt}) and
   * whether an administrator disabled it ({@link #setDisabled}).
   *
   * @param createdAt {@link Instant#EPOCH} for a row without a creation time
   */
  record LoginRecord(Map<ScramAlgorithm, ScramCredential> credentials, Instant createdAt, boolean disabled) {
    /** An enabled account. */
    public LoginRecord(Map<ScramAlgorithm, ScramCredential> credentials, Instant createdAt) {
      this(credentials, createdAt, false);
    }
  }

  /**
   * Disables the account (its logins then fail with {@code <account-disabled/>}, RFC 6120
   * §6.5.1) or enables it again (XEP-0133 disable-user / reenable-user); the credentials stay.
   * Fails with {@link AccountNotFoundException} if absent.
   */
  CompletionStage<Void> setDisabled(EntityBareJid user, boolean disabled);

  /**
   * The credentials and the creation time in one read, empty when there is no such account. A
   * login reads this once: the creation time then travels with the bind, so the user's entity
   * need not read the row again.
   */
  CompletionStage<Optional<LoginRecord>> login(EntityBareJid user);

  CompletionStage<Boolean> exists(EntityBareJid user);

  /**
   * When the account was created, empty when there is no such account. The instant identifies the
   * account's incarnation: deleting an account and creating one with the same name gives a new
   * value, a password change does not (millisecond precision, as Cassandra stores it). A row
   * without a creation time (never written by {@link #create}) gives {@link Instant#EPOCH}.
   */
  CompletionStage<Optional<Instant>> createdAt(EntityBareJid user);

  /** The number of accounts. A full table scan: for admin tools, not for request paths. */
  CompletionStage<Long> count();

  /** One account as {@link #list} reads it. */
  record Listed(EntityBareJid jid, boolean disabled) {}

  /**
   * What {@link #list} read: at most the bound's accounts, in the table's (token) order, not
   * sorted; {@code truncated} when the table holds more.
   */
  record Listing(List<Listed> accounts, boolean truncated) {}

  /**
   * At most {@code maxRows} accounts with their disabled flag, in one bounded read (a scan of the
   * table's first {@code maxRows} rows, not of all of it): for admin tools, not request paths.
   */
  CompletionStage<Listing> list(int maxRows);
}
