package io.switchboard.node.upload;

import com.datastax.oss.driver.api.core.CqlSession;
import io.switchboard.persistence.CassandraSettings;
import io.switchboard.persistence.upload.UploadQuota;
import io.switchboard.persistence.upload.UploadStore;
import io.switchboard.sharding.router.Services;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.jxmpp.jid.DomainBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0363 HTTP file upload on one node: the slot service at {@code upload.<domain>} (registered
 * in {@link Services}) and the PUT/GET routes on the HTTP port. Every node runs both and they
 * share nothing but Cassandra (metadata, quotas, the signing key) and the bytes' store, so a slot
 * given by one node is uploaded through a second and downloaded through a third.
 *
 * <p>Start-up: the signing key (configured, or the cluster's from Cassandra), the bytes' store
 * (for S3 the bucket is checked, and start-up fails naming the key if it cannot be used).
 */
public final class Uploads implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Uploads.class);
  private static final int KEY_BYTES = 32;

  private final UploadSettings settings;
  private final UploadService service;
  private final UploadRoutes routes;
  private final BlobStore blobs;

  private Uploads(UploadSettings settings, UploadService service, UploadRoutes routes, BlobStore blobs) {
    this.settings = settings;
    this.service = service;
    this.routes = routes;
    this.blobs = blobs;
  }

  /** Sets up the service for {@code domain} on {@code session}; blocks for the key (start-up). */
  public static Uploads start(UploadSettings settings, DomainBareJid domain, CqlSession session,
      CassandraSettings cassandra, Clock clock, ActorSystem<?> system) {
    UploadStore store = UploadStore.cassandra(session, cassandra, clock);
    UploadQuota quota = UploadQuota.cassandra(session, cassandra, settings.retention());
    byte[] key = settings.secret().orElseGet(() -> {
      try {
        return store.clusterKey(() -> {
          byte[] k = new byte[KEY_BYTES];
          new SecureRandom().nextBytes(k);
          log.info("HTTP upload: generated the cluster's URL signing key (kept in Cassandra, table upload_keys)");
          return k;
        }).toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("HTTP upload: cannot read or store the URL signing key: " + e, e);
      }
    });
    UploadSigner signer = new UploadSigner(key);
    BlobStore blobs;
    if (settings.storage() == UploadSettings.Storage.S3) {
      S3BlobStore s3 = new S3BlobStore(settings.s3(), system, settings.maxConcurrentUploads());
      try {
        s3.checkBucket();
      } catch (RuntimeException e) {
        s3.close();
        throw e;
      }
      blobs = s3;
    } else {
      blobs = new CassandraBlobStore(store, settings.chunkSize(), clock);
    }
    UploadService service = new UploadService(settings, domain, quota, signer, clock);
    UploadRoutes routes = new UploadRoutes(settings, store, quota, blobs, signer, clock,
        Materializer.matFromSystem(system));
    log.info("HTTP upload at {}: files up to {} bytes, {} storage, quota {} bytes per {}, URLs under {}/upload/",
        settings.jid(), settings.maxFileSize(), settings.storage().name().toLowerCase(java.util.Locale.ROOT),
        settings.quota(), settings.retention(), settings.publicUrl());
    return new Uploads(settings, service, routes, blobs);
  }

  /** The slot service, to register in the node's {@link Services}. */
  public Services.Service service() {
    return new Services.Service(settings.jid(), UploadService.NAME, service);
  }

  /** {@code /upload/...} for the node's HTTP port. */
  public Route route() {
    return routes.route();
  }

  /** PUTs running on this node now. */
  public int uploadsInFlight() {
    return routes.uploadsInFlight();
  }

  @Override
  public void close() {
    blobs.close();
  }
}
