package io.switchboard.node.upload;

import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.persistence.upload.UploadedFile;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The bytes as objects in an S3-compatible bucket (AWS, MinIO, Ceph; tested against s3rver), one
 * object per file under {@code prefix + id}. The AWS SDK's synchronous client runs on a pool of
 * {@code max-concurrent-uploads} threads for PUTs and deletes; downloads read the object as a
 * stream on Pekko's blocking-I/O dispatcher, ranges included. Checksums are only computed where
 * S3 requires them, since most S3-compatible servers do not implement the SDK's newer trailing
 * checksums. Expired objects are refused by the node (the GET URL expires) and removed by the
 * bucket's lifecycle rule.
 */
final class S3BlobStore implements BlobStore {
  private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
  /** How long the object upload waits for the client's next bytes (the PUT's own timeout cuts first). */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  private final S3Client s3;
  private final UploadSettings.S3 settings;
  private final ExecutorService pool;

  S3BlobStore(UploadSettings.S3 settings, int threads) {
    this.settings = settings;
    S3ClientBuilder b = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofMinutes(2)))
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials(settings))
        .forcePathStyle(settings.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (!settings.endpoint().isEmpty()) {
      b.endpointOverride(URI.create(settings.endpoint()));
    }
    this.s3 = b.build();
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "upload-s3-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
  }

  private static AwsCredentialsProvider credentials(UploadSettings.S3 s) {
    return s.accessKey().isEmpty()
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()));
  }

  /** Fails start-up, naming the key, when the bucket cannot be reached. */
  void checkBucket() {
    try {
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

  @Override
  public Sink<ByteString, CompletionStage<Long>> writer(UploadedFile file) {
    PutObjectRequest request = PutObjectRequest.builder().bucket(settings.bucket()).key(key(file))
        .contentLength(file.size())
        .contentType(file.contentType() == null ? "application/octet-stream" : file.contentType())
        .build();
    return StreamConverters.asInputStream(READ_TIMEOUT).mapMaterializedValue(in ->
        CompletableFuture.supplyAsync(() -> {
          try (in) {
            s3.putObject(request, RequestBody.fromInputStream(in, file.size()));
            return file.size();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }, pool));
  }

  @Override
  public Source<ByteString, NotUsed> reader(UploadedFile file, long from, long to) {
    if (to <= from) {
      return Source.empty();
    }
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(settings.bucket()).key(key(file));
    if (from > 0 || to < file.size()) {
      request.range("bytes=" + from + "-" + (to - 1));
    }
    GetObjectRequest r = request.build();
    return StreamConverters.fromInputStream(() -> s3.getObject(r)).mapMaterializedValue(io -> NotUsed.getInstance());
  }

  @Override
  public CompletionStage<Void> delete(UploadedFile file) {
    return CompletableFuture.runAsync(() ->
        s3.deleteObject(DeleteObjectRequest.builder().bucket(settings.bucket()).key(key(file)).build()), pool);
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      s3.close();
    } catch (RuntimeException e) {
      log.debug("closing the S3 client: {}", e.toString());
    }
  }
}
