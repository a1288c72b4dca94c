package io.switchboard.persistence.fast;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * XEP-0484 tokens by (account, client id). Rows expire by themselves (a TTL of the token's
 * lifetime); a password change or an account's deletion makes them unusable through the row's
 * account stamp, checked at every use.
 */
public interface FastTokenStore {

  /** The Cassandra implementation on {@code fast_tokens} (V10). */
  static FastTokenStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraFastTokenStore(session, settings.keyspace());
  }

  CompletionStage<Optional<FastTokenRow>> find(String username, String clientId);

  /** Writes the whole row, living {@code ttl}. */
  CompletionStage<Void> put(String username, String clientId, FastTokenRow row, Duration ttl);

  /** Forgets the client's tokens (XEP-0484 §3.4 invalidation). */
  CompletionStage<Void> delete(String username, String clientId);
}
