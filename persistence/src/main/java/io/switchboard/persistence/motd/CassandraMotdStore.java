package io.switchboard.persistence.motd;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link MotdStore} on {@code motd}, one row per domain. */
final class CassandraMotdStore implements MotdStore {
  private final CqlSession session;
  private final PreparedStatement select;
  private final PreparedStatement insert;
  private final PreparedStatement delete;

  CassandraMotdStore(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + ".motd";
    select = session.prepare("SELECT body FROM " + table + " WHERE domain = ?");
    insert = session.prepare("INSERT INTO " + table + " (domain, body, updated_at) VALUES (?, ?, ?)");
    delete = session.prepare("DELETE FROM " + table + " WHERE domain = ?");
  }

  @Override
  public CompletionStage<Optional<String>> get(String domain) {
    return session.executeAsync(select.bind(domain).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraMotdStore::body));
  }

  private static String body(Row r) {
    return r.getString("body");
  }

  @Override
  public CompletionStage<Void> put(String domain, String text, Instant at) {
    return session.executeAsync(insert.bind(domain, text, at).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Void> delete(String domain) {
    return session.executeAsync(delete.bind(domain).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .thenApply(rs -> null);
  }
}
