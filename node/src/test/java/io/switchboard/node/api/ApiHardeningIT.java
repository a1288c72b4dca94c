package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.token.TokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #23 F7, over real HTTP on a real node: invalid tokens from one address are throttled
 * (429 with Retry-After, no token lookup) while a backend's cached valid token from the same
 * address keeps working; and the HTTP port can speak HTTPS with the node's certificate.
 */
@ExtendWith(CassandraExtension.class)
class ApiHardeningIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void invalidTokens_fromOneAddress_throttledWith429_cachedValidTokenStillServed() throws Exception {
    try (InProcessNode node = InProcessNode.start("api_throttle_it",
        Map.of("switchboard.api.max-auth-failures-per-ip", 5))) {
      var p = node.node().persistence();
      String valid = TokenStore.cassandra(p.session(), p.settings(), Clock.systemUTC())
          .create("backend", Set.of("messages:send")).toCompletableFuture().join().secret();
      assertThat(send(node, valid).statusCode()).isEqualTo(202);

      for (int i = 0; i < 5; i++) {
        assertThat(send(node, randomToken()).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> throttled = send(node, randomToken());
      assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(429);
      assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
          v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
      assertThat(send(node, valid).statusCode()).as("the backend's cached token").isEqualTo(202);
    }
  }

  @Test
  void httpsOnTheHttpPort_servesTheApi_plainHttpRefused() throws Exception {
    try (InProcessNode node = InProcessNode.start("api_https_it", Map.of("switchboard.http.tls", true))) {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {SmackClients.trustOnly(node)}, null);
      HttpClient https = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> r = https.send(HttpRequest.newBuilder(
              URI.create("https://localhost:" + node.httpPort() + "/api/v1/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));

      assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/openapi.json"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }

  private static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "sbt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static HttpResponse<String> send(InProcessNode node, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/messages"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"nobody@localhost\",\"body\":\"hi\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
