package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.metrics.Samples;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawClient;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that sends faster than the cluster acknowledges is held at {@code max-in-flight}
 * unacknowledged stanzas: the node stops reading it until half were acknowledged, instead of
 * reading everything into memory. Here the acknowledgement is the recipient's: with XEP-0198
 * resumption on, a message is acknowledged to its sender only once the recipient acknowledged it,
 * so a recipient that has not acknowledged anything yet holds the sender for certain. Nothing is
 * lost or reordered on the way, and both streams stay open.
 */
@ExtendWith(CassandraExtension.class)
class InFlightIT {
  /**
   * Below the recipient's {@code max-unacked} (1,000), and small enough that one socket read may
   * bring the node all of it: parsing stops at the bound anyway, the rest waits parked.
   */
  private static final int MESSAGES = 600;
  private static final int MAX_IN_FLIGHT = 16;
  private static final Pattern MESSAGE = Pattern.compile("<message[^>]*>.*?</message>", Pattern.DOTALL);
  private static final Pattern BODY = Pattern.compile("<body>(\\d+)</body>");
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    // Neither the byte rate nor the archive is what slows the sender here: the bound is.
    node = InProcessNode.startWithAccounts("in_flight_it", Map.of(
        "switchboard.c2s.max-in-flight", MAX_IN_FLIGHT, "switchboard.c2s.max-bytes-per-second", 64 * 1024 * 1024,
        "switchboard.mam.enabled", false),
        "fast", "reader");
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void burstWhileTheRecipientHasNotAcknowledged_isHeld_thenArrivesWholeAndInOrder() throws Exception {
    double heldBefore = readsHeld();
    try (RawClient reader = RawClient.login(node, "reader", "reader-pw", "r");
        RawClient fast = RawClient.login(node, "fast", "fast-pw", "f")) {
      reader.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
      reader.readUntil("<enabled");
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < MESSAGES; i++) {
        burst.append("<message to='reader@localhost/r' type='chat' id='m").append(i)
            .append("'><body>").append(i).append("</body></message>");
      }
      // From another thread: the write may block while the node holds reading.
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          fast.send(burst.toString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      awaitHeld(heldBefore);

      // Exactly max-in-flight reach the recipient while it acknowledges nothing: the stanza that
      // reached the bound stopped parsing, although the node's socket reads had more of the burst.
      StringBuilder carry = new StringBuilder();
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (count(carry) < MAX_IN_FLIGHT && System.nanoTime() < until) {
        carry.append(reader.readAvailable(Duration.ofMillis(200)));
      }
      carry.append(reader.readAvailable(Duration.ofSeconds(1))); // anything past the bound would show now
      assertThat(count(carry)).as("unacknowledged stanzas handed on while held").isEqualTo(MAX_IN_FLIGHT);

      // The recipient acknowledges what it got (XEP-0198 §4: an <a/> may be sent unrequested).
      List<Integer> bodies = new ArrayList<>();
      int handled = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (bodies.size() < MESSAGES && System.nanoTime() < deadline) {
        carry.append(reader.readAvailable(Duration.ofMillis(200)));
        Matcher m = MESSAGE.matcher(carry);
        int end = 0;
        while (m.find()) {
          handled++;
          Matcher b = BODY.matcher(m.group());
          if (b.find()) {
            bodies.add(Integer.parseInt(b.group(1)));
          }
          end = m.end();
        }
        carry.delete(0, end);
        reader.send("<a xmlns='urn:xmpp:sm:3' h='" + handled + "'/>");
      }
      sent.join();
      assertThat(bodies).as("every message once").hasSize(MESSAGES);
      for (int i = 0; i < MESSAGES; i++) {
        assertThat(bodies.get(i)).as("in the order sent").isEqualTo(i);
      }

      fast.send("<iq type='get' id='still-open'><ping xmlns='urn:xmpp:ping'/></iq>");
      assertThat(fast.readUntil("still-open")).as("the sender's stream is still open").isNotEmpty();
    }
  }

  private static int count(CharSequence xml) {
    return (int) MESSAGE.matcher(xml).results().count();
  }

  /** Until the node counted a hold after {@code before} (at most 30 s). */
  private static void awaitHeld(double before) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    double now = readsHeld();
    while (now <= before && System.nanoTime() < deadline) {
      Thread.sleep(100);
      now = readsHeld();
    }
    assertThat(now - before).as("reading from the sender was held").isPositive();
  }

  private static double readsHeld() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/metrics"))
            .header("Authorization", "Bearer " + node.managementToken()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return Samples.value(r.body(), "switchboard_client_reads_held_total", Map.of()).orElse(0.0);
  }
}
