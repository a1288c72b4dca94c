package io.switchboard.persistence.upload;

import java.util.List;

/**
 * The tables of XEP-0363 HTTP file upload (schema V9). Every row is written with a TTL that ends
 * when the file expires, so nothing has to sweep them.
 *
 * <ul>
 *   <li>{@code upload_files}: one row per file (its metadata; state uploading, then complete).
 *   <li>{@code upload_chunks}: the bytes, one partition per chunk ({@code (id, chunk)}), so a
 *       large file is spread over the ring instead of making one large partition.
 *   <li>{@code upload_files_by_owner}: a user's files, newest first (listing, deletion).
 *   <li>{@code upload_usage}: bytes each user reserved per hour (the quota; lightweight
 *       transactions, see {@link UploadQuota}).
 *   <li>{@code upload_keys}: the signing key generated for the cluster when none is configured.
 * </ul>
 */
public final class UploadSchema {
  private UploadSchema() {}

  /** The CQL of V9 for keyspace {@code ks}; each statement is idempotent. */
  public static List<String> statements(String ks) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + ks + ".upload_files ("
            + "id text PRIMARY KEY, owner text, filename text, content_type text, size bigint, "
            + "chunk_size int, state text, usage_bucket bigint, created_at timestamp, expires_at timestamp) "
            + "WITH gc_grace_seconds = 86400",
        "CREATE TABLE IF NOT EXISTS " + ks + ".upload_chunks ("
            + "id text, chunk int, data blob, PRIMARY KEY ((id, chunk))) "
            + "WITH gc_grace_seconds = 86400",
        "CREATE TABLE IF NOT EXISTS " + ks + ".upload_files_by_owner ("
            + "owner text, created_at timestamp, id text, size bigint, filename text, "
            + "PRIMARY KEY ((owner), created_at, id)) "
            + "WITH CLUSTERING ORDER BY (created_at DESC, id ASC) AND gc_grace_seconds = 86400",
        "CREATE TABLE IF NOT EXISTS " + ks + ".upload_usage ("
            + "owner text, bucket bigint, used bigint, PRIMARY KEY ((owner), bucket)) "
            + "WITH gc_grace_seconds = 86400",
        "CREATE TABLE IF NOT EXISTS " + ks + ".upload_keys ("
            + "name text PRIMARY KEY, secret blob, created_at timestamp)");
  }
}
