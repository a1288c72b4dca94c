package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0363 with Debian's python3-slixmpp (its xep_0363 plugin requests the slot and PUTs the
 * file with aiohttp) through node 2; the file is read back through node 1. {@code .ci/run} sets
 * SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1, so in CI a missing slixmpp fails instead of skipping.
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class SlixmppUploadIT {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @BeforeAll
  static void slixmpp() throws Exception {
    boolean available = Files.isExecutable(PYTHON) && new ProcessBuilder(PYTHON.toString(), "-c",
        "import slixmpp, aiohttp").start().waitFor() == 0;
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(available).as("python3-slixmpp (with aiohttp) must be installed").isTrue();
    }
    assumeTrue(available, "python3-slixmpp is not installed");
    TwoNodeCluster.first().node().persistence().accounts().create(Jids.bare("sly@localhost"), "sly-pw")
        .toCompletableFuture().join();
  }

  @Test
  void slixmpp_uploadThroughNodeTwo_downloadsThroughNodeOne() throws Exception {
    InProcessNode two = TwoNodeCluster.second();
    Path script = Files.createTempFile("switchboard-upload", ".py");
    try (var in = SlixmppUploadIT.class.getResourceAsStream("/slixmpp/upload.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path file = Files.createTempFile("Ferienfoto ", ".png");
    byte[] data = new byte[400_000];
    new Random(7).nextBytes(data);
    Files.write(file, data);
    Path ca = two.node().settings().dataDir().resolve("tls").resolve("localhost.crt.pem");

    Process p = new ProcessBuilder(List.of(PYTHON.toString(), script.toString(), "127.0.0.1",
        Integer.toString(two.c2sPort()), "sly@localhost/py", "sly-pw", ca.toString(), file.toString()))
        .redirectErrorStream(true).start();
    boolean ended = p.waitFor(100, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) {
      p.destroyForcibly();
    }

    assertThat(out).as(out).contains("SERVICE upload.localhost " + TwoNodeCluster.MAX_FILE);
    String url = out.lines().filter(l -> l.startsWith("URL ")).map(l -> l.substring(4).trim()).findFirst()
        .orElseThrow(() -> new AssertionError("no URL in: " + out));
    assertThat(URI.create(url).getRawPath()).endsWith("/Ferienfoto%20" + file.getFileName().toString()
        .substring("Ferienfoto ".length()));
    URI viaOne = URI.create("http://127.0.0.1:" + TwoNodeCluster.first().httpPort() + URI.create(url).getRawPath()
        + "?" + URI.create(url).getRawQuery());
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(viaOne)
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(data);
    // slixmpp declared image/png (from the name) and PUT it with that type: served as such.
    assertThat(r.headers().firstValue("Content-Type")).contains("image/png");
    Files.deleteIfExists(script);
    Files.deleteIfExists(file);
  }

}
