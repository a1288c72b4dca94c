package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.upload.UploadQuota;
import io.switchboard.persistence.upload.UploadStore;
import io.switchboard.protocol.jid.Jids;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.httpfileupload.element.SlotRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0363 end to end on a two-node cluster: Smack's HttpFileUploadManager uploads through node 1
 * and the file is read through node 2 (a load balancer could send either request anywhere); the
 * limits and every HTTP refusal; the quota under concurrent PUTs on both nodes; a slow-loris PUT.
 * slixmpp's xep_0363 is in {@link SlixmppUploadIT}.
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class UploadIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static InProcessNode one;
  private static InProcessNode two;
  private static UploadSigner signer;

  @BeforeAll
  static void accounts() throws Exception {
    one = TwoNodeCluster.first();
    two = TwoNodeCluster.second();
    for (String u : List.of("ula", "uma", "quincy", "rita", "sven", "tara")) {
      one.node().persistence().accounts().create(Jids.bare(u + "@localhost"), u + "-pw").toCompletableFuture().join();
    }
    // The key the cluster generated, to make URLs the way a node would (expired ones, say).
    byte[] key = UploadStore.cassandra(one.node().persistence().session(), one.node().persistence().settings(),
        Clock.systemUTC()).clusterKey(() -> {
          throw new AssertionError("the node generated the key at start-up");
        }).toCompletableFuture().join();
    signer = new UploadSigner(key);
  }

  /** The same URL on another node's HTTP port (as a load balancer would send it). */
  private static URI on(InProcessNode node, String url) {
    URI u = URI.create(url);
    return URI.create("http://127.0.0.1:" + node.httpPort() + u.getRawPath() + "?" + u.getRawQuery());
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static HttpResponse<byte[]> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> put(URI uri, byte[] body, String type) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Content-Type", type)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Slot slot(XMPPTCPConnection c, String name, long size, String type) throws Exception {
    return c.sendIqRequestAndWaitForResponse(new SlotRequest(JidCreate.domainBareFrom("upload.localhost"), name, size, type));
  }

  @Test
  void smack_uploadThroughNodeOne_downloadsThroughNodeTwo() throws Exception {
    XMPPTCPConnection ula = SmackClients.connect(one, "ula", "ula-pw", "phone");
    try {
      HttpFileUploadManager manager = HttpFileUploadManager.getInstanceFor(ula);
      assertThat(manager.discoverUploadService()).isTrue();
      assertThat(manager.getDefaultUploadService().getAddress().toString()).isEqualTo("upload.localhost");
      assertThat(manager.getDefaultUploadService().getMaxFileSize()).isEqualTo(TwoNodeCluster.MAX_FILE);
      byte[] data = random(700_000);

      URL url = manager.uploadFile(new ByteArrayInputStream(data), "holiday photo.jpg", data.length);

      assertThat(url.getPath()).endsWith("/holiday%20photo.jpg");
      HttpResponse<byte[]> viaTwo = get(on(two, url.toString()));
      assertThat(viaTwo.statusCode()).isEqualTo(200);
      assertThat(viaTwo.body()).isEqualTo(data);
      assertThat(viaTwo.headers().firstValue("Content-Type")).contains("application/octet-stream");
      assertThat(viaTwo.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      HttpResponse<byte[]> viaOne = get(url.toURI());
      assertThat(viaOne.body()).isEqualTo(data);
    } finally {
      ula.disconnect();
    }
  }

  @Test
  void get_rangeHeadAndConditional() throws Exception {
    XMPPTCPConnection uma = SmackClients.connect(two, "uma", "uma-pw", "desk");
    try {
      byte[] data = random(600_000); // three chunks of 256 KiB
      Slot s = slot(uma, "clip.mp4", data.length, "video/mp4");
      assertThat(put(on(one, s.getPutUrl().toString()), data, "video/mp4").statusCode()).isEqualTo(201);
      URI getUrl = on(one, s.getGetUrl().toString());

      HttpResponse<byte[]> part = get(getUrl, "Range", "bytes=262000-524300");
      assertThat(part.statusCode()).isEqualTo(206);
      assertThat(part.headers().firstValue("Content-Range")).contains("bytes 262000-524300/600000");
      byte[] expected = java.util.Arrays.copyOfRange(data, 262000, 524301);
      assertThat(part.body()).isEqualTo(expected);
      assertThat(get(getUrl, "Range", "bytes=600000-").statusCode()).isEqualTo(416);

      HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(getUrl).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(600_000);
      assertThat(head.headers().firstValue("Content-Type")).contains("video/mp4");

      String etag = part.headers().firstValue("ETag").orElseThrow();
      assertThat(get(getUrl, "If-None-Match", etag).statusCode()).isEqualTo(304);
    } finally {
      uma.disconnect();
    }
  }

  @Test
  void slotRequest_tooLargeOrMalformed_getsTheXepErrors() throws Exception {
    XMPPTCPConnection ula = SmackClients.connect(one, "ula", "ula-pw", "limits");
    try {
      assertThatThrownBy(() -> slot(ula, "big.iso", TwoNodeCluster.MAX_FILE + 1, null))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> {
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
            assertThat(e.getStanzaError().getType()).isEqualTo(StanzaError.Type.MODIFY);
            assertThat(e.getStanzaError().toXML().toString())
                .contains("<file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>1048576</max-file-size>");
          });
      assertThat(ServiceDiscoveryManager.getInstanceFor(ula).discoverItems(JidCreate.domainBareFrom("localhost"))
          .getItems()).anyMatch(i -> i.getEntityID().toString().equals("upload.localhost"));
    } finally {
      ula.disconnect();
    }
  }

  @Test
  void put_refusals_haveTheRightStatus() throws Exception {
    XMPPTCPConnection rita = SmackClients.connect(one, "rita", "rita-pw", "web");
    try {
      byte[] data = random(1000);
      Slot s = slot(rita, "a.txt", data.length, "text/plain");
      URI putUrl = on(two, s.getPutUrl().toString());
      String forged = putUrl.toString().replaceAll("token=[^&]+", "token=AAAA.BBBB");
      assertThat(put(URI.create(forged), data, "text/plain").statusCode()).isEqualTo(403);
      String otherName = putUrl.toString().replace("/a.txt?", "/b.txt?");
      assertThat(put(URI.create(otherName), data, "text/plain").statusCode()).isEqualTo(403);
      assertThat(put(putUrl, random(999), "text/plain").statusCode()).isEqualTo(400);
      assertThat(put(putUrl, random(1001), "text/plain").statusCode()).isEqualTo(413);
      assertThat(put(putUrl, data, "application/pdf").statusCode()).isEqualTo(415);
      // The same slot still works after the refusals, once; a second PUT conflicts.
      assertThat(put(putUrl, data, "text/plain").statusCode()).isEqualTo(201);
      assertThat(put(on(one, s.getPutUrl().toString()), data, "text/plain").statusCode()).isEqualTo(409);
      assertThat(get(on(one, s.getGetUrl().toString())).body()).isEqualTo(data);

      // A PUT URL signed (by the cluster's key) with a validity that has passed.
      Instant past = Instant.now().minusSeconds(1);
      String token = signer.putToken("expiredslot", "a.txt",
          new UploadSigner.PutGrant("rita@localhost", 3, null, past, Instant.now().plusSeconds(3600)));
      URI expired = URI.create("http://127.0.0.1:" + one.httpPort() + "/upload/expiredslot/a.txt?token=" + token);
      HttpResponse<String> late = put(expired, random(3), "application/octet-stream");
      assertThat(late.statusCode()).isEqualTo(403);
      assertThat(late.body()).contains("expired");
    } finally {
      rita.disconnect();
    }
  }

  @Test
  void get_refusals_haveTheRightStatus() throws Exception {
    String base = "http://127.0.0.1:" + two.httpPort() + "/upload/";
    Instant later = Instant.now().plusSeconds(3600);
    // Unknown file with a valid signature: 404. Bad signature: 403. Expired: 404.
    assertThat(get(URI.create(base + "nosuchid/x.png?e=" + later.getEpochSecond() + "&s="
        + signer.getSignature("nosuchid", "x.png", later))).statusCode()).isEqualTo(404);
    assertThat(get(URI.create(base + "nosuchid/x.png?e=" + later.getEpochSecond() + "&s=AAAA")).statusCode())
        .isEqualTo(403);
    assertThat(get(URI.create(base + "nosuchid/x.png")).statusCode()).isEqualTo(403);
    Instant past = Instant.now().minusSeconds(5);
    assertThat(get(URI.create(base + "nosuchid/x.png?e=" + past.getEpochSecond() + "&s="
        + signer.getSignature("nosuchid", "x.png", past))).statusCode()).isEqualTo(404);
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "a/b")).DELETE().build(),
        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
  }

  @Test
  void get_ofAFileWhoseRowExpired_is404() throws Exception {
    XMPPTCPConnection tara = SmackClients.connect(one, "tara", "tara-pw", "x");
    try {
      byte[] data = random(10);
      Slot s = slot(tara, "short.txt", data.length, null);
      assertThat(put(on(one, s.getPutUrl().toString()), data, "application/octet-stream").statusCode()).isEqualTo(201);
      String id = URI.create(s.getGetUrl().toString()).getPath().split("/")[2];
      // As if the TTL ran out: the metadata row goes (what Cassandra does at the file's expiry).
      one.node().persistence().session().execute("DELETE FROM " + TwoNodeCluster.KEYSPACE + ".upload_files WHERE id = ?", id);

      assertThat(get(on(two, s.getGetUrl().toString())).statusCode()).isEqualTo(404);
    } finally {
      tara.disconnect();
    }
  }

  @Test
  void quota_concurrentPutsOnBothNodes_onlyWhatFitsIsStored() throws Exception {
    XMPPTCPConnection quincy = SmackClients.connect(one, "quincy", "quincy-pw", "q");
    try {
      int size = 700 * 1024; // the quota (2 MiB) holds two of these, not three
      List<Slot> slots = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        slots.add(slot(quincy, "f" + i + ".bin", size, null)); // slots reserve nothing: all four are given
      }
      byte[] data = random(size);
      List<CompletableFuture<HttpResponse<String>>> puts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        URI u = on(i % 2 == 0 ? one : two, slots.get(i).getPutUrl().toString());
        puts.add(HTTP.sendAsync(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(data))
            .build(), HttpResponse.BodyHandlers.ofString()));
      }
      List<Integer> statuses = puts.stream().map(f -> f.join().statusCode()).sorted().toList();

      assertThat(statuses).containsExactly(201, 201, 413, 413);
      HttpResponse<String> refused = puts.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 413)
          .findFirst().orElseThrow();
      assertThat(refused.headers().firstValueAsLong("Retry-After")).isPresent();
      // And now the slot itself is refused, with a time to retry.
      assertThatThrownBy(() -> slot(quincy, "more.bin", size, null))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> {
            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.resource_constraint);
            assertThat(e.getStanzaError().getType()).isEqualTo(StanzaError.Type.WAIT);
            assertThat(e.getStanzaError().toXML().toString()).contains("<retry xmlns='urn:xmpp:http:upload:0' stamp='");
          });
    } finally {
      quincy.disconnect();
    }
  }

  @Test
  void put_slowLoris_isCutAtTheUploadTimeoutAndLeavesNothing() throws Exception {
    XMPPTCPConnection sven = SmackClients.connect(two, "sven", "sven-pw", "s");
    List<Socket> slow = new ArrayList<>();
    try {
      int size = 512 * 1024;
      for (int i = 0; i < TwoNodeCluster.MAX_CONCURRENT_UPLOADS; i++) {
        URI u = on(two, slot(sven, "slow" + i + ".bin", size, null).getPutUrl().toString());
        Socket s = new Socket("127.0.0.1", two.httpPort());
        s.setSoTimeout(15_000);
        OutputStream out = s.getOutputStream();
        out.write(("PUT " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1000]); // then nothing more
        out.flush();
        slow.add(s);
      }
      Await.until("three slow uploads in flight", Duration.ofSeconds(10), () -> inFlight(two) == 3);
      // The node's upload places are taken: one more is turned away at once.
      byte[] data = random(100);
      Slot extra = slot(sven, "extra.bin", data.length, null);
      HttpResponse<String> busy = put(on(two, extra.getPutUrl().toString()), data, "application/octet-stream");
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).isPresent();

      // Each slow PUT is answered 408 once the upload timeout has passed, and leaves nothing.
      for (Socket s : slow) {
        String answer = new String(readSome(s.getInputStream()), StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 408");
      }
      Await.until("no upload in flight", Duration.ofSeconds(10), () -> inFlight(two) == 0);
      assertThat(one.node().persistence().session().execute("SELECT id FROM " + TwoNodeCluster.KEYSPACE
          + ".upload_files_by_owner WHERE owner = 'sven@localhost'").all()).isEmpty();
      // The places are free again, and the quota was given back (in the background, after the
      // answer): 1.5 MiB still reserved would leave no room for 1 MiB more (quota 2 MiB).
      UploadQuota quota = UploadQuota.cassandra(one.node().persistence().session(), one.node().persistence().settings(),
          Duration.ofDays(30));
      Await.until("sven's reservations given back", Duration.ofSeconds(10),
          () -> quota.used("sven@localhost", Instant.now()).toCompletableFuture().join() == 0);
      byte[] big = random((int) TwoNodeCluster.MAX_FILE);
      Slot after = slot(sven, "after.bin", big.length, null);
      assertThat(put(on(two, after.getPutUrl().toString()), big, "application/octet-stream").statusCode()).isEqualTo(201);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
      sven.disconnect();
    }
  }

  private static int inFlight(InProcessNode node) {
    return node.node().uploads().uploadsInFlight();
  }

  private static byte[] readSome(InputStream in) throws java.io.IOException {
    byte[] buf = new byte[200];
    int n = in.read(buf);
    return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buf, n);
  }

  @Test
  void chunks_areStoredWithTheFilesTtl() throws Exception {
    XMPPTCPConnection ula = SmackClients.connect(two, "ula", "ula-pw", "ttl");
    try {
      byte[] data = random(300_000);
      Slot s = slot(ula, "ttl.bin", data.length, null);
      assertThat(put(on(two, s.getPutUrl().toString()), data, "application/octet-stream").statusCode()).isEqualTo(201);
      String id = URI.create(s.getGetUrl().toString()).getPath().split("/")[2];

      var rows = one.node().persistence().session().execute("SELECT TTL(data), data FROM " + TwoNodeCluster.KEYSPACE
          + ".upload_chunks WHERE id = ? AND chunk = 1", id).all();
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).getInt(0)).isBetween((int) Duration.ofDays(30).minusMinutes(5).toSeconds(),
          (int) Duration.ofDays(30).toSeconds());
      ByteBuffer second = rows.get(0).getByteBuffer(1);
      assertThat(second.remaining()).isEqualTo(300_000 - 256 * 1024);
    } finally {
      ula.disconnect();
    }
  }
}
