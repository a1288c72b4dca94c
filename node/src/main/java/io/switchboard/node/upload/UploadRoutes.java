package io.switchboard.node.upload;

import io.switchboard.persistence.upload.UploadQuota;
import io.switchboard.persistence.upload.UploadStore;
import io.switchboard.persistence.upload.UploadedFile;
import io.switchboard.protocol.util.Failures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of XEP-0363 on the node's HTTP port: {@code PUT} and {@code GET}/{@code HEAD} of
 * {@code /upload/<id>/<file name>}, answered the same by every node.
 *
 * <p>PUT, in order: the signed token (403 when missing, forged, for another id or name, or
 * expired), Content-Length equal to the slot's size (411 without one, 413 larger, 400 smaller),
 * the declared content type (415), a free upload place on this node (503), the id not taken
 * (409), the owner's quota (413 with Retry-After), then the body streamed to the store and cut at
 * the slot's size and at {@code upload-timeout} (408). 201 once every byte is stored; a failure
 * leaves nothing behind (bytes, metadata, reservation).
 *
 * <p>GET: the signature (403) and expiry (404, the file is deleted with it), the file (404 unknown
 * or still uploading), one byte range (206/416), {@code If-None-Match} (304). Answers carry
 * {@code nosniff} and a sandboxing Content-Security-Policy, since the bytes are anyone's.
 */
final class UploadRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(UploadRoutes.class);

  private final UploadSettings settings;
  private final UploadStore store;
  private final UploadQuota quota;
  private final BlobStore blobs;
  private final UploadSigner signer;
  private final Clock clock;
  private final Materializer materializer;
  private final AtomicInteger inFlight = new AtomicInteger();

  UploadRoutes(UploadSettings settings, UploadStore store, UploadQuota quota, BlobStore blobs, UploadSigner signer,
      Clock clock, Materializer materializer) {
    this.settings = settings;
    this.store = store;
    this.quota = quota;
    this.blobs = blobs;
    this.signer = signer;
    this.clock = clock;
    this.materializer = materializer;
  }

  /** PUTs running on this node now. */
  int uploadsInFlight() {
    return inFlight.get();
  }

  Route route() {
    scala.concurrent.duration.Duration putTimeout = scala.concurrent.duration.Duration.fromNanos(
        settings.uploadTimeout().plusSeconds(30).toNanos());
    return pathPrefix("upload", () -> path(PathMatchers.segment().slash(PathMatchers.segment()), (id, name) -> concat(
        options(() -> complete(cors(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
            .addHeader(RawHeader.create("Access-Control-Allow-Methods", "GET, HEAD, PUT, OPTIONS"))
            .addHeader(RawHeader.create("Access-Control-Allow-Headers", "Content-Type, Authorization"))
            .addHeader(RawHeader.create("Access-Control-Max-Age", "86400"))))),
        put(() -> withRequestTimeout(putTimeout, () -> parameterOptional("token", token -> extractRequest(req ->
            completeWithFuture(put(req, id, name, token.orElse(null)).thenApply(this::cors)))))),
        get(() -> download(id, name, false)),
        head(() -> download(id, name, true)),
        complete(text(StatusCodes.METHOD_NOT_ALLOWED, "use PUT, GET or HEAD")))));
  }

  private Route download(String id, String name, boolean head) {
    return parameterOptional("e", e -> parameterOptional("s", s -> extractRequest(req ->
        completeWithFuture(get(req, id, name, e.orElse(null), s.orElse(null), head).thenApply(this::cors)))));
  }

  // ---------------------------------------------------------------------------------------- PUT

  private CompletionStage<HttpResponse> put(HttpRequest req, String id, String name, String token) {
    HttpEntity entity = req.entity();
    Optional<UploadSigner.PutGrant> verified = signer.verifyPut(id, name, token);
    if (verified.isEmpty()) {
      return refuse(entity, StatusCodes.FORBIDDEN, "this is not a valid upload URL");
    }
    UploadSigner.PutGrant grant = verified.get();
    Instant now = clock.instant();
    if (!now.isBefore(grant.putExpires())) {
      return refuse(entity, StatusCodes.FORBIDDEN, "this upload URL has expired; request a new slot");
    }
    OptionalLong length = entity.getContentLengthOption();
    if (length.isEmpty()) {
      return refuse(entity, StatusCodes.LENGTH_REQUIRED, "Content-Length is required");
    }
    if (length.getAsLong() != grant.size()) {
      return refuse(entity, length.getAsLong() > grant.size() ? StatusCodes.CONTENT_TOO_LARGE : StatusCodes.BAD_REQUEST,
          "Content-Length " + length.getAsLong() + " is not the slot's size " + grant.size());
    }
    if (grant.contentType() != null && !sameMediaType(grant.contentType(), entity.getContentType())) {
      return refuse(entity, StatusCodes.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be the slot's " + grant.contentType());
    }
    if (inFlight.incrementAndGet() > settings.maxConcurrentUploads()) {
      inFlight.decrementAndGet();
      return refuse(entity, StatusCodes.SERVICE_UNAVAILABLE, "too many uploads at once; try again shortly")
          .thenApply(r -> r.addHeader(RawHeader.create("Retry-After", "5")));
    }
    UploadedFile file = new UploadedFile(id, grant.owner(), name, grant.contentType(), grant.size(), blobs.chunkSize(),
        UploadedFile.State.UPLOADING, UploadQuota.bucketOf(now), now, grant.getExpires());
    return store.begin(file, settings.uploadTimeout().plusMinutes(1))
        .thenCompose(begun -> begun ? reserveThenStore(entity, file, now)
            : refuse(entity, StatusCodes.CONFLICT, "this slot was already used"))
        .exceptionally(e -> {
          log.warn("upload {} failed before its body: {}", id, Failures.cause(e).toString());
          return text(StatusCodes.SERVICE_UNAVAILABLE, "storage unavailable; try again");
        })
        .whenComplete((r, e) -> inFlight.decrementAndGet());
  }

  private CompletionStage<HttpResponse> reserveThenStore(HttpEntity entity, UploadedFile file, Instant now) {
    if (settings.quota() <= 0) {
      return storeBody(entity, file, false);
    }
    return quota.reserve(file.owner(), file.size(), settings.quota(), now).thenCompose(r -> {
      if (r.granted()) {
        return storeBody(entity, file, true);
      }
      long wait = Math.max(1, Duration.between(now, r.freesAt()).toSeconds());
      return store.delete(file).thenCompose(v -> refuse(entity, StatusCodes.CONTENT_TOO_LARGE,
              "upload quota of " + settings.quota() + " bytes reached (" + r.used() + " used)"))
          .thenApply(resp -> resp.addHeader(RawHeader.create("Retry-After", Long.toString(wait))));
    });
  }

  private CompletionStage<HttpResponse> storeBody(HttpEntity entity, UploadedFile file, boolean reserved) {
    long started = System.nanoTime();
    return entity.withSizeLimit(file.size()).getDataBytes()
        .completionTimeout(settings.uploadTimeout())
        .runWith(blobs.writer(file), materializer)
        .thenCompose(written -> {
          if (written != file.size()) {
            throw new CompletionException(new IllegalStateException(written + " bytes received, " + file.size() + " expected"));
          }
          return store.complete(file, clock.instant());
        })
        .thenApply(v -> {
          log.debug("upload {} of {}: {} bytes in {} ms", file.id(), file.owner(), file.size(),
              (System.nanoTime() - started) / 1_000_000);
          return text(StatusCodes.CREATED, "stored");
        })
        .exceptionally(e -> {
          Throwable c = Failures.cause(e);
          log.info("upload {} of {} failed: {}", file.id(), file.owner(), c.toString());
          cleanUp(file, reserved); // in the background: the client hears at once
          return failed(c);
        });
  }

  /** Removes whatever a failed upload left: its bytes, its metadata and its reservation. */
  private CompletionStage<Void> cleanUp(UploadedFile file, boolean reserved) {
    CompletableFuture<Void> bytes = blobs.delete(file).toCompletableFuture();
    CompletableFuture<Void> meta = store.delete(file).toCompletableFuture();
    CompletableFuture<Void> quotaBack = reserved
        ? quota.release(file.owner(), file.usageBucket(), file.size()).toCompletableFuture()
        : CompletableFuture.completedFuture(null);
    return CompletableFuture.allOf(bytes, meta, quotaBack).whenComplete((v, e) -> {
      if (e != null) {
        log.warn("cleaning up the failed upload {}: {}", file.id(), Failures.cause(e).toString());
      }
    });
  }

  private static HttpResponse failed(Throwable c) {
    if (c instanceof TimeoutException) {
      return text(StatusCodes.REQUEST_TIMEOUT, "the upload took too long");
    }
    if (c instanceof EntityStreamSizeException) {
      return text(StatusCodes.CONTENT_TOO_LARGE, "more bytes than the slot's size");
    }
    if (c instanceof org.apache.pekko.http.scaladsl.model.EntityStreamException
        || c instanceof IllegalStateException) {
      return text(StatusCodes.BAD_REQUEST, "the body ended early: " + c.getMessage());
    }
    return text(StatusCodes.SERVICE_UNAVAILABLE, "storage unavailable; try again");
  }

  private static boolean sameMediaType(String declared, ContentType actual) {
    String a = actual.mediaType().toString().toLowerCase(Locale.ROOT);
    String d = declared.toLowerCase(Locale.ROOT);
    int semicolon = d.indexOf(';');
    return (semicolon < 0 ? d : d.substring(0, semicolon)).trim().equals(a);
  }

  /**
   * An early answer. The body is not read: Pekko answers and then closes the connection (so a
   * refused or forged PUT costs the bytes already in flight, never the whole body).
   */
  private static CompletionStage<HttpResponse> refuse(HttpEntity entity, StatusCode status, String why) {
    return CompletableFuture.completedFuture(text(status, why));
  }

  // ---------------------------------------------------------------------------------------- GET

  private CompletionStage<HttpResponse> get(HttpRequest req, String id, String name, String e, String s, boolean head) {
    long expires;
    try {
      expires = e == null ? -1 : Long.parseLong(e);
    } catch (NumberFormatException ex) {
      expires = -1;
    }
    if (expires < 0 || s == null || !signer.validGet(id, name, expires, s)) {
      return done(text(StatusCodes.FORBIDDEN, "this is not a valid download URL"));
    }
    Instant now = clock.instant();
    if (!now.isBefore(Instant.ofEpochSecond(expires))) {
      return done(text(StatusCodes.NOT_FOUND, "this file has expired"));
    }
    long maxAge = Instant.ofEpochSecond(expires).getEpochSecond() - now.getEpochSecond();
    return store.find(id).thenApply(found -> {
      if (found.isEmpty() || !found.get().isComplete() || !found.get().filename().equals(name)) {
        return text(StatusCodes.NOT_FOUND, "no such file");
      }
      return serve(req, found.get(), head, maxAge);
    }).exceptionally(ex -> {
      log.warn("download {} failed: {}", id, Failures.cause(ex).toString());
      return text(StatusCodes.SERVICE_UNAVAILABLE, "storage unavailable; try again");
    });
  }

  private HttpResponse serve(HttpRequest req, UploadedFile file, boolean head, long maxAge) {
    String etag = "\"" + file.id() + "\"";
    List<HttpHeader> headers = new ArrayList<>(List.of(
        RawHeader.create("ETag", etag),
        RawHeader.create("Accept-Ranges", "bytes"),
        RawHeader.create("Cache-Control", "public, max-age=" + maxAge + ", immutable"),
        RawHeader.create("Content-Disposition", "inline; filename*=UTF-8''" + FileNames.encode(file.filename())),
        RawHeader.create("X-Content-Type-Options", "nosniff"),
        RawHeader.create("Content-Security-Policy", "default-src 'none'; sandbox")));
    if (req.getHeader("If-None-Match").map(h -> h.value().contains(etag) || h.value().trim().equals("*"))
        .orElse(false)) {
      return HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeaders(headers);
    }
    ContentType type = contentType(file.contentType());
    ByteRange.Request range = ByteRange.parse(req.getHeader("Range").map(HttpHeader::value), file.size());
    if (range instanceof ByteRange.Unsatisfiable) {
      return text(StatusCodes.RANGE_NOT_SATISFIABLE, "no such range")
          .addHeader(RawHeader.create("Content-Range", "bytes */" + file.size()));
    }
    ByteRange part = range instanceof ByteRange.Part p ? p.range() : new ByteRange(0, file.size());
    Source<ByteString, ?> data = head ? Source.empty() : blobs.reader(file, part.from(), part.to());
    HttpEntity.Default entity = HttpEntities.create(type, part.length(), data);
    HttpResponse response = HttpResponse.create().addHeaders(headers);
    if (range instanceof ByteRange.Part) {
      response = response.withStatus(StatusCodes.PARTIAL_CONTENT).addHeader(RawHeader.create("Content-Range",
          "bytes " + part.from() + "-" + (part.to() - 1) + "/" + file.size()));
    }
    return response.withEntity(entity);
  }

  private static ContentType contentType(String declared) {
    if (declared == null) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
    try {
      return ContentTypes.parse(declared);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }

  // ---------------------------------------------------------------------------------------- common

  private HttpResponse cors(HttpResponse r) {
    if (settings.corsOrigin().isEmpty()) {
      return r;
    }
    return r.addHeader(RawHeader.create("Access-Control-Allow-Origin", settings.corsOrigin()))
        .addHeader(RawHeader.create("Access-Control-Expose-Headers", "Content-Length, Content-Range, ETag"));
  }

  private static HttpResponse text(StatusCode status, String body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, (body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
