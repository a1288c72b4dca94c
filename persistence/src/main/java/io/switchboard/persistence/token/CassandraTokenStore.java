package io.switchboard.persistence.token;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.switchboard.persistence.AsyncRows;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link TokenStore} on two tables: {@code api_tokens} by name (uniqueness with a lightweight
 * transaction, listing, revocation) and {@code api_tokens_by_hash} by secret hash (one key look-up
 * per authentication). Create writes the name row first (IF NOT EXISTS), then the hash row;
 * revoke deletes the hash row first, so a half-done revoke never leaves a usable token behind a
 * missing name.
 */
final class CassandraTokenStore implements TokenStore {
  private static final int MAX_TOKENS_LISTED = 10_000;

  private final CqlSession session;
  private final Clock clock;
  private final PreparedStatement insertName;
  private final PreparedStatement insertHash;
  private final PreparedStatement byHash;
  private final PreparedStatement byName;
  private final PreparedStatement all;
  private final PreparedStatement deleteHash;
  private final PreparedStatement deleteName;

  CassandraTokenStore(CqlSession session, String keyspace, Clock clock) {
    this.session = session;
    this.clock = clock;
    String names = keyspace + ".api_tokens";
    String hashes = keyspace + ".api_tokens_by_hash";
    insertName = session.prepare(
        "INSERT INTO " + names + " (name, hash, scopes, created_at) VALUES (?, ?, ?, ?) IF NOT EXISTS");
    insertHash = session.prepare(
        "INSERT INTO " + hashes + " (hash, name, scopes, created_at) VALUES (?, ?, ?, ?)");
    byHash = session.prepare("SELECT name, scopes, created_at FROM " + hashes + " WHERE hash = ?");
    byName = session.prepare("SELECT hash FROM " + names + " WHERE name = ?");
    all = session.prepare("SELECT name, scopes, created_at FROM " + names);
    deleteHash = session.prepare("DELETE FROM " + hashes + " WHERE hash = ?");
    deleteName = session.prepare("DELETE FROM " + names + " WHERE name = ?");
  }

  @Override
  public CompletionStage<CreatedToken> create(String name, Set<String> scopes) {
    if (!TokenStore.validName(name)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "a token name is 1-64 letters, digits, '.', '-' or '_'"));
    }
    String secret = TokenSecrets.generate();
    ByteBuffer hash = ByteBuffer.wrap(TokenSecrets.hash(secret));
    // Millisecond precision, as Cassandra stores it, so what create returns equals what list reads.
    Instant created = Instant.ofEpochMilli(clock.millis());
    ApiToken token = new ApiToken(name, scopes, created);
    return session.executeAsync(insertName.bind(name, hash, token.scopes(), created))
        .thenCompose(rs -> {
          if (!rs.wasApplied()) {
            throw new TokenExistsException(name);
          }
          return session.executeAsync(insertHash.bind(hash, name, token.scopes(), created));
        })
        .thenApply(rs -> new CreatedToken(token, secret));
  }

  @Override
  public CompletionStage<Optional<ApiToken>> authenticate(String secret) {
    if (!TokenSecrets.wellFormed(secret)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return session.executeAsync(byHash.bind(ByteBuffer.wrap(TokenSecrets.hash(secret))))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraTokenStore::token));
  }

  @Override
  public CompletionStage<List<ApiToken>> list() {
    return AsyncRows.collect(session.executeAsync(all.bind()), MAX_TOKENS_LISTED, CassandraTokenStore::token)
        .thenApply(tokens -> tokens.stream().sorted(Comparator.comparing(ApiToken::name)).toList());
  }

  @Override
  public CompletionStage<Boolean> revoke(String name) {
    return session.executeAsync(byName.bind(name)).thenCompose(rs -> {
      Row row = rs.one();
      if (row == null) {
        return CompletableFuture.completedFuture(false);
      }
      return session.executeAsync(deleteHash.bind(row.getByteBuffer("hash")))
          .thenCompose(x -> session.executeAsync(deleteName.bind(name)))
          .thenApply(x -> true);
    });
  }

  private static ApiToken token(Row r) {
    return new ApiToken(r.getString("name"), r.getSet("scopes", String.class), r.getInstant("created_at"));
  }
}
