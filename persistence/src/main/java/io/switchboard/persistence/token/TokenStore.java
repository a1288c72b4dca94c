package io.switchboard.persistence.token;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * API bearer tokens for the HTTP push API: created by the operator ({@code ./switchboard token
 * create}), shown once, stored only as a SHA-256 hash with a name, scopes and creation time.
 */
public interface TokenStore {

  /** The Cassandra implementation on {@code api_tokens} and {@code api_tokens_by_hash} (V7). */
  static TokenStore cassandra(CqlSession session, CassandraSettings settings, Clock clock) {
    return new CassandraTokenStore(session, settings.keyspace(), clock);
  }

  /**
   * Creates a token named {@code name} (1–64 characters of letters, digits, {@code .-_}) with
   * {@code scopes}. Fails with {@link TokenExistsException} when the name is taken.
   */
  CompletionStage<CreatedToken> create(String name, Set<String> scopes);

  /** The token whose secret is {@code secret}, or empty (unknown, revoked or malformed). */
  CompletionStage<Optional<ApiToken>> authenticate(String secret);

  /** Every token, by name. */
  CompletionStage<List<ApiToken>> list();

  /** Revokes the token named {@code name}; false when there is none. */
  CompletionStage<Boolean> revoke(String name);

  /** Whether {@code name} is acceptable as a token name. */
  static boolean validName(String name) {
    return name != null && name.matches("[A-Za-z0-9._-]{1,64}");
  }
}
