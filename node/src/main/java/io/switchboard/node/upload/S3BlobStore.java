package io.switchboard.node.upload;

import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.persistence.upload.UploadedFile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The bytes as objects in an S3-compatible bucket (AWS, MinIO, Ceph; tested against s3rver), one
 * object per file under {@code prefix + id}.
 *
 * <p>The AWS SDK only signs: each PUT, GET and DELETE is a presigned URL (SigV4 in the query, an
 * unsigned payload) sent with Pekko's HTTP client, so the client's upload streams straight into
 * the bucket with back-pressure and a fixed Content-Length, no thread waits on a socket, and the
 * body is sent as it is (the SDK's own client would encode a plain-HTTP body as {@code aws-chunked},
 * which several S3-compatible servers store verbatim). The SDK's blocking client is used once, at
 * start-up, to check the bucket. Expired objects are refused by the node (their GET URL expires)
 * and removed by the bucket's lifecycle rule.
 */
final class S3BlobStore implements BlobStore {
  private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
  /** How long a presigned request stays valid; longer than any upload (upload-timeout is checked first). */
  private static final Duration SIGNATURE_VALIDITY = Duration.ofHours(1);

  private final UploadSettings.S3 settings;
  private final AwsCredentialsProvider credentials;
  private final S3Presigner presigner;
  private final ActorSystem<?> system;
  private final Http http;
  private final ConnectionPoolSettings pool;
  private final LoggingAdapter pekkoLog;

  S3BlobStore(UploadSettings.S3 settings, ActorSystem<?> system, int maxConnections) {
    this.settings = settings;
    this.system = system;
    this.credentials = credentials(settings);
    S3Presigner.Builder b = S3Presigner.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
    if (!settings.endpoint().isEmpty()) {
      b.endpointOverride(URI.create(settings.endpoint()));
    }
    this.presigner = b.build();
    this.http = Http.get(system);
    int open = Integer.highestOneBit(Math.max(4, maxConnections * 2 - 1)) * 2; // a power of two above
    this.pool = ConnectionPoolSettings.create(system.classicSystem())
        .withMaxConnections(Math.max(4, maxConnections))
        .withMaxOpenRequests(open)
        .withMaxRetries(0) // a PUT's body cannot be sent twice
        .withResponseEntitySubscriptionTimeout(scala.concurrent.duration.Duration.create(30, "s"));
    this.pekkoLog = Logging.getLogger(system.classicSystem(), S3BlobStore.class);
  }

  private static AwsCredentialsProvider credentials(UploadSettings.S3 s) {
    return s.accessKey().isEmpty()
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()));
  }

  /** Fails start-up, naming the key, when the bucket cannot be reached. Blocks. */
  void checkBucket() {
    var client = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
        .region(Region.of(settings.region())).credentialsProvider(credentials).forcePathStyle(settings.pathStyle());
    if (!settings.endpoint().isEmpty()) {
      client.endpointOverride(URI.create(settings.endpoint()));
    }
    try (S3Client s3 = client.build()) {
      s3.headBucket(HeadBucketRequest.builder().bucket(settings.bucket()).build());
    } catch (RuntimeException e) {
      throw new InvalidSettingException("switchboard.upload.s3.bucket", "bucket '" + settings.bucket() + "' at "
          + (settings.endpoint().isEmpty() ? "AWS " + settings.region() : settings.endpoint())
          + " is not usable: " + e.getMessage());
    }
  }

  private String key(UploadedFile file) {
    return settings.prefix() + file.id();
  }

  @Override
  public int chunkSize() {
    return 0;
  }

  /** The presigned request as Pekko's, with the headers it was signed with (Host is the URL's). */
  private static HttpRequest request(PresignedRequest presigned, org.apache.pekko.http.javadsl.model.HttpMethod method) {
    HttpRequest r = HttpRequest.create(presigned.url().toString()).withMethod(method);
    for (Map.Entry<String, List<String>> h : presigned.signedHeaders().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("host")) {
        for (String v : h.getValue()) {
          r = r.addHeader(RawHeader.create(h.getKey(), v));
        }
      }
    }
    return r;
  }

  private CompletionStage<HttpResponse> send(HttpRequest request) {
    return http.singleRequest(request, http.defaultClientHttpsContext(), pool, pekkoLog);
  }

  /** Fails with the bucket's answer unless it is a success; the body of a success is left to the caller. */
  private CompletionStage<HttpResponse> expectSuccess(HttpResponse r, String what) {
    if (r.status().isSuccess()) {
      return CompletableFuture.completedFuture(r);
    }
    return r.entity().toStrict(5_000, Materializer.matFromSystem(system)).thenApply(body -> {
      throw new IllegalStateException(what + ": bucket answered " + r.status().intValue() + " "
          + body.getData().utf8String().lines().limit(3).reduce("", String::concat));
    });
  }

  @Override
  public Sink<ByteString, CompletionStage<Long>> writer(UploadedFile file) {
    PresignedRequest put = presigner.presignPutObject(p -> p.signatureDuration(SIGNATURE_VALIDITY)
        .putObjectRequest(o -> o.bucket(settings.bucket()).key(key(file))));
    return Sink.<ByteString>asPublisher(AsPublisher.WITHOUT_FANOUT).mapMaterializedValue(body ->
        send(request(put, HttpMethods.PUT).withEntity(
                HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, file.size(), Source.fromPublisher(body))))
            .thenCompose(r -> expectSuccess(r, "PUT " + key(file)))
            .thenApply(r -> {
              r.discardEntityBytes(system);
              return file.size();
            }));
  }

  @Override
  public Source<ByteString, NotUsed> reader(UploadedFile file, long from, long to) {
    if (to <= from) {
      return Source.empty();
    }
    PresignedRequest get = presigner.presignGetObject(p -> p.signatureDuration(SIGNATURE_VALIDITY)
        .getObjectRequest(o -> o.bucket(settings.bucket()).key(key(file))));
    HttpRequest request = request(get, HttpMethods.GET);
    if (from > 0 || to < file.size()) {
      request = request.addHeader(RawHeader.create("Range", "bytes=" + from + "-" + (to - 1)));
    }
    HttpRequest r = request;
    return Source.completionStageSource(send(r)
            .thenCompose(resp -> expectSuccess(resp, "GET " + key(file)))
            .thenApply(resp -> resp.entity().getDataBytes()))
        .mapMaterializedValue(f -> NotUsed.getInstance());
  }

  @Override
  public CompletionStage<Void> delete(UploadedFile file) {
    PresignedRequest delete = presigner.presignDeleteObject(p -> p.signatureDuration(SIGNATURE_VALIDITY)
        .deleteObjectRequest(o -> o.bucket(settings.bucket()).key(key(file))));
    return send(request(delete, HttpMethods.DELETE))
        .thenCompose(r -> expectSuccess(r, "DELETE " + key(file)))
        .thenAccept(r -> r.discardEntityBytes(system));
  }

  @Override
  public void close() {
    try {
      presigner.close();
    } catch (RuntimeException e) {
      log.debug("closing the S3 presigner: {}", e.toString());
    }
  }
}
