package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.upload.UploadedFile;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3-compatible storage of uploads against s3rver (npm, pinned in src/test/js/s3; installed by
 * the test on first use when npm is there, as {@code .ci/run} provides it): streamed writes of
 * arbitrary pieces, whole and ranged reads, deletion, and the start-up check of the bucket. The
 * routes above the store are the same for both stores ({@link UploadIT} runs them on Cassandra).
 */
class S3BlobStoreIT {
  private static final Path JS = Path.of("src/test/js/s3").toAbsolutePath();
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static Process s3rver;
  private static Path data;
  private static int port;

  @BeforeAll
  static void startS3rver() throws Exception {
    Path node = Path.of("/usr/bin/node");
    Path npm = Path.of("/usr/bin/npm");
    if (!Files.isDirectory(JS.resolve("node_modules/s3rver")) && Files.isExecutable(npm)) {
      Process install = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund").directory(JS.toFile())
          .redirectErrorStream(true).start();
      install.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      install.waitFor(180, TimeUnit.SECONDS);
    }
    boolean available = Files.isExecutable(node) && Files.isDirectory(JS.resolve("node_modules/s3rver"));
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(available).as("Node.js and s3rver (npm ci --prefix node/src/test/js/s3)").isTrue();
    }
    Assumptions.assumeTrue(available, "Node.js or s3rver missing: npm ci --prefix node/src/test/js/s3");
    data = Files.createTempDirectory(Path.of("target"), "s3rver-");
    port = CassandraExtension.freePort();
    s3rver = new ProcessBuilder(node.toString(), JS.resolve("node_modules/s3rver/bin/s3rver.js").toString(),
        "-d", data.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "--silent",
        "--configure-bucket", "uploads")
        .redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile()).start();
    Await.until("s3rver listening on " + port, Duration.ofSeconds(30), () -> {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  @AfterAll
  static void stop() throws InterruptedException {
    KIT.shutdownTestKit();
    if (s3rver != null) {
      s3rver.destroy();
      s3rver.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static UploadSettings.S3 settings(String bucket) {
    return new UploadSettings.S3("http://127.0.0.1:" + port, "us-east-1", bucket, "S3RVER", "S3RVER", true, "files/");
  }

  private static UploadedFile file(String id, long size) {
    return new UploadedFile(id, "a@localhost", "x.bin", "image/png", size, 0, UploadedFile.State.UPLOADING, 0,
        Instant.now(), Instant.now().plusSeconds(3600));
  }

  private static byte[] read(BlobStore store, UploadedFile f, long from, long to) {
    return store.reader(f, from, to).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), KIT.system())
        .toCompletableFuture().join().toArray();
  }

  @Test
  void writeThenRead_wholeAndRanges_giveTheBytesBack() {
    S3BlobStore store = new S3BlobStore(settings("uploads"), KIT.system(), 2);
    try {
      store.checkBucket();
      byte[] bytes = new byte[1_234_567];
      new Random(1).nextBytes(bytes);
      List<ByteString> pieces = new ArrayList<>();
      for (int i = 0; i < bytes.length; i += 77_777) {
        pieces.add(ByteString.fromArray(bytes, i, Math.min(77_777, bytes.length - i)));
      }
      UploadedFile f = file("s3whole", bytes.length);

      long written = Source.from(pieces).runWith(store.writer(f), KIT.system()).toCompletableFuture().join();

      assertThat(written).isEqualTo(bytes.length);
      assertThat(read(store, f, 0, bytes.length)).isEqualTo(bytes);
      assertThat(read(store, f, 1000, 5000)).isEqualTo(Arrays.copyOfRange(bytes, 1000, 5000));
      assertThat(read(store, f, bytes.length - 10, bytes.length)).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 10,
          bytes.length));
      assertThat(data.resolve("uploads")).isDirectory();
    } finally {
      store.close();
    }
  }

  @Test
  void delete_removesTheObject() {
    S3BlobStore store = new S3BlobStore(settings("uploads"), KIT.system(), 2);
    try {
      UploadedFile f = file("s3gone", 10);
      Source.single(ByteString.fromArray(new byte[10])).runWith(store.writer(f), KIT.system()).toCompletableFuture().join();

      store.delete(f).toCompletableFuture().join();

      assertThatThrownBy(() -> read(store, f, 0, 10)).isInstanceOf(CompletionException.class);
    } finally {
      store.close();
    }
  }

  @Test
  void writer_bodyEndingEarly_storesNothing() {
    S3BlobStore store = new S3BlobStore(settings("uploads"), KIT.system(), 2);
    try {
      UploadedFile f = file("s3short", 100);

      assertThatThrownBy(() -> Source.single(ByteString.fromArray(new byte[40]))
          .concat(Source.failed(new IOException("client went away")))
          .runWith(store.writer(f), KIT.system()).toCompletableFuture().join())
          .isInstanceOf(CompletionException.class);
      assertThatThrownBy(() -> read(store, f, 0, 100)).isInstanceOf(CompletionException.class);
    } finally {
      store.close();
    }
  }

  @Test
  void checkBucket_missing_failsNamingTheKey() {
    S3BlobStore store = new S3BlobStore(settings("no-such-bucket"), KIT.system(), 1);
    try {
      assertThatThrownBy(store::checkBucket).isInstanceOf(InvalidSettingException.class)
          .hasMessageStartingWith("switchboard.upload.s3.bucket: bucket 'no-such-bucket'");
    } finally {
      store.close();
    }
  }
}
