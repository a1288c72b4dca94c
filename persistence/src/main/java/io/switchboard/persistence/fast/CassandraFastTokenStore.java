package io.switchboard.persistence.fast;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link FastTokenStore} on {@code fast_tokens}, one row per (username, client id). */
final class CassandraFastTokenStore implements FastTokenStore {
  private final CqlSession session;
  private final PreparedStatement select;
  private final PreparedStatement insert;
  private final PreparedStatement delete;

  CassandraFastTokenStore(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + ".fast_tokens";
    select = session.prepare("SELECT current_key, current_expiry, previous_key, previous_expiry, account_stamp, "
        + "count FROM " + table + " WHERE username = ? AND client_id = ?");
    insert = session.prepare("INSERT INTO " + table + " (username, client_id, current_key, current_expiry, "
        + "previous_key, previous_expiry, account_stamp, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    delete = session.prepare("DELETE FROM " + table + " WHERE username = ? AND client_id = ?");
  }

  @Override
  public CompletionStage<Optional<FastTokenRow>> find(String username, String clientId) {
    return session.executeAsync(select.bind(username, clientId))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraFastTokenStore::row));
  }

  private static FastTokenRow row(Row r) {
    FastTokenRow.Key current = new FastTokenRow.Key(bytes(r.getByteBuffer("current_key")), r.getInstant("current_expiry"));
    Optional<FastTokenRow.Key> previous = r.isNull("previous_key") ? Optional.empty()
        : Optional.of(new FastTokenRow.Key(bytes(r.getByteBuffer("previous_key")), r.getInstant("previous_expiry")));
    return new FastTokenRow(current, previous, bytes(r.getByteBuffer("account_stamp")), r.getLong("count"));
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Override
  public CompletionStage<Void> put(String username, String clientId, FastTokenRow row, Duration ttl) {
    int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
    return session.executeAsync(insert.bind(username, clientId,
            ByteBuffer.wrap(row.current().key()), row.current().expiry(),
            row.previous().map(k -> ByteBuffer.wrap(k.key())).orElse(null),
            row.previous().map(FastTokenRow.Key::expiry).orElse(null),
            ByteBuffer.wrap(row.accountStamp()), row.count(), seconds))
        .thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Void> delete(String username, String clientId) {
    return session.executeAsync(delete.bind(username, clientId)).thenApply(rs -> null);
  }
}
