package io.switchboard.persistence.motd;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The XEP-0133 message of the day of each hosted domain: one row per domain, so every node of the
 * cluster reads the same text. Written and read at LOCAL_QUORUM, so a node reading after another
 * node's write (acknowledged) sees it.
 */
public interface MotdStore {

  /** The Cassandra implementation on {@code motd} (V12). */
  static MotdStore cassandra(CqlSession session, CassandraSettings settings) {
    return new CassandraMotdStore(session, settings.keyspace());
  }

  /** The domain's message of the day; empty when none is set. */
  CompletionStage<Optional<String>> get(String domain);

  /** Sets (replaces) the domain's message of the day. */
  CompletionStage<Void> put(String domain, String text, Instant at);

  /** Deletes the domain's message of the day (nothing happens when there is none). */
  CompletionStage<Void> delete(String domain);
}
