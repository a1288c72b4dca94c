package io.switchboard.persistence.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredential;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * {@link AccountStore} on the {@code accounts} table: one row per bare JID, the credentials in a
 * map from SCRAM mechanism name to (salt, iterations, stored_key, server_key).
 */
final class CassandraAccountStore implements AccountStore {
  static final TupleType CREDENTIAL = DataTypes.tupleOf(DataTypes.BLOB, DataTypes.INT, DataTypes.BLOB, DataTypes.BLOB);
  private static final GenericType<Map<String, TupleValue>> CREDENTIAL_MAP =
      GenericType.mapOf(GenericType.STRING, GenericType.of(TupleValue.class));

  private final CqlSession session;
  private final Duration adminTimeout;
  private final PreparedStatement insert;
  private final PreparedStatement delete;
  private final PreparedStatement update;
  private final PreparedStatement select;
  private final PreparedStatement selectCreatedAt;
  private final PreparedStatement selectLogin;
  private final PreparedStatement disable;
  private final PreparedStatement count;
  private final PreparedStatement list;

  CassandraAccountStore(CqlSession session, String keyspace, Duration adminTimeout) {
    this.session = session;
    this.adminTimeout = adminTimeout;
    String t = keyspace + ".accounts";
    insert = session.prepare("INSERT INTO " + t + " (jid, credentials, created_at, updated_at) VALUES (?, ?, ?, ?) IF NOT EXISTS");
    delete = session.prepare("DELETE FROM " + t + " WHERE jid = ? IF EXISTS");
    update = session.prepare("UPDATE " + t + " SET credentials = ?, updated_at = ? WHERE jid = ? IF EXISTS");
    select = session.prepare("SELECT credentials FROM " + t + " WHERE jid = ?");
    selectCreatedAt = session.prepare("SELECT created_at FROM " + t + " WHERE jid = ?");
    selectLogin = session.prepare("SELECT credentials, created_at, disabled FROM " + t + " WHERE jid = ?");
    disable = session.prepare("UPDATE " + t + " SET disabled = ?, updated_at = ? WHERE jid = ? IF EXISTS");
    count = session.prepare("SELECT COUNT(*) FROM " + t);
    list = session.prepare("SELECT jid, disabled FROM " + t + " LIMIT ?");
  }

  @Override
  public CompletionStage<Void> create(EntityBareJid user, Map<ScramAlgorithm, ScramCredential> credentials) {
    Instant now = Instant.now();
    return session.executeAsync(insert.bind(key(user), encode(credentials), now, now))
        .thenApply(rs -> {
          if (!rs.wasApplied()) {
            throw new AccountExistsException(user);
          }
          return null;
        });
  }

  @Override
  public CompletionStage<Void> delete(EntityBareJid user) {
    return session.executeAsync(delete.bind(key(user))).thenApply(rs -> {
      if (!rs.wasApplied()) {
        throw new AccountNotFoundException(user);
      }
      return null;
    });
  }

  @Override
  public CompletionStage<Void> changePassword(EntityBareJid user, Map<ScramAlgorithm, ScramCredential> credentials) {
    return session.executeAsync(update.bind(encode(credentials), Instant.now(), key(user))).thenApply(rs -> {
      if (!rs.wasApplied()) {
        throw new AccountNotFoundException(user);
      }
      return null;
    });
  }

  @Override
  public CompletionStage<Optional<Map<ScramAlgorithm, ScramCredential>>> credentials(EntityBareJid user) {
    return session.executeAsync(select.bind(key(user)))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraAccountStore::decode));
  }

  @Override
  public CompletionStage<Optional<LoginRecord>> login(EntityBareJid user) {
    return session.executeAsync(selectLogin.bind(key(user)))
        .thenApply(rs -> Optional.ofNullable(rs.one())
            .map(row -> new LoginRecord(decode(row), createdAt(row), row.getBoolean("disabled"))));
  }

  @Override
  public CompletionStage<Void> setDisabled(EntityBareJid user, boolean disabled) {
    return session.executeAsync(disable.bind(disabled, Instant.now(), key(user))).thenApply(rs -> {
      if (!rs.wasApplied()) {
        throw new AccountNotFoundException(user);
      }
      return null;
    });
  }

  @Override
  public CompletionStage<Boolean> exists(EntityBareJid user) {
    return session.executeAsync(select.bind(key(user))).thenApply(rs -> rs.one() != null);
  }

  @Override
  public CompletionStage<Optional<Instant>> createdAt(EntityBareJid user) {
    return session.executeAsync(selectCreatedAt.bind(key(user)))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraAccountStore::createdAt));
  }

  /** The row's creation time; {@link Instant#EPOCH} for a row written without one. */
  private static Instant createdAt(Row row) {
    Instant created = row.getInstant("created_at");
    return created == null ? Instant.EPOCH : created;
  }

  @Override
  public CompletionStage<Long> count() {
    return session.executeAsync(count.bind().setTimeout(adminTimeout)).thenApply(rs -> rs.one().getLong(0));
  }

  @Override
  public CompletionStage<Listing> list(int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be positive");
    }
    // One page of maxRows + 1 rows: the extra one only tells that there are more.
    return session.executeAsync(list.bind(maxRows + 1).setPageSize(maxRows + 1).setTimeout(adminTimeout))
        .thenApply(rs -> {
          List<Listed> out = new ArrayList<>();
          boolean more = false;
          for (Row row : rs.currentPage()) {
            if (out.size() == maxRows) {
              more = true;
              break;
            }
            out.add(new Listed(Jids.bare(row.getString("jid")), row.getBoolean("disabled")));
          }
          return new Listing(List.copyOf(out), more);
        });
  }

  private static String key(EntityBareJid user) {
    return user.asEntityBareJidString();
  }

  static Map<String, TupleValue> encode(Map<ScramAlgorithm, ScramCredential> credentials) {
    if (credentials.isEmpty()) {
      throw new IllegalArgumentException("no credentials");
    }
    Map<String, TupleValue> out = new HashMap<>();
    credentials.forEach((algorithm, c) -> {
      if (c.algorithm() != algorithm) {
        throw new IllegalArgumentException("credential for " + c.algorithm() + " filed under " + algorithm);
      }
      out.put(algorithm.mechanism(), CREDENTIAL.newValue(
          ByteBuffer.wrap(c.salt()), c.iterations(), ByteBuffer.wrap(c.storedKey()), ByteBuffer.wrap(c.serverKey())));
    });
    return out;
  }

  static Map<ScramAlgorithm, ScramCredential> decode(Row row) {
    Map<ScramAlgorithm, ScramCredential> out = new EnumMap<>(ScramAlgorithm.class);
    Map<String, TupleValue> stored = row.get("credentials", CREDENTIAL_MAP);
    if (stored == null) {
      return out;
    }
    stored.forEach((mechanism, t) -> ScramAlgorithm.byMechanism(mechanism).ifPresent(a -> out.put(a,
        new ScramCredential(a, bytes(t.getByteBuffer(0)), t.getInt(1), bytes(t.getByteBuffer(2)), bytes(t.getByteBuffer(3))))));
    return out;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
