package io.switchboard.node.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #23 F5, over real HTTP: the management port binds on its own (loopback by default, here
 * while the XMPP listeners bind 127.0.0.2), the health checks stay open, and the status and
 * cluster routes need the bearer token the node generated.
 */
@ExtendWith(CassandraExtension.class)
class ManagementAccessIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.start("management_access_it", Map.of("switchboard.bind", "127.0.0.2"));
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void healthOpen_statusAndClusterNeedTheToken() throws Exception {
    assertThat(get("/ready", null).statusCode()).isEqualTo(200);
    assertThat(get("/alive", null).statusCode()).isEqualTo(200);
    // Cluster Bootstrap (Kubernetes) on our listener: its route is open, and it learnt this node's
    // contact point from the routes as Pekko Management's own server would have told it.
    assertThat(get("/bootstrap/seed-nodes", null).statusCode()).isEqualTo(200);
    var bootstrap = org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap.get(node.node().system());
    assertThat(bootstrap.selfContactPoint().isCompleted()).isTrue();
    assertThat(bootstrap.selfContactPoint().value().get().get().authority().port()).isEqualTo(node.managementPort());

    assertThat(get("/switchboard/status", null).statusCode()).isEqualTo(401);
    assertThat(get("/cluster/members", null).statusCode()).isEqualTo(401);
    assertThat(get("/switchboard/status", "not-the-token-at-all").statusCode()).isEqualTo(401);

    String token = Files.readString(secrets().resolve("management.token")).trim();
    HttpResponse<String> status = get("/switchboard/status", token);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"members\"");
    assertThat(get("/cluster/members", token).statusCode()).isEqualTo(200);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(secrets().resolve("management.token")))).isEqualTo("rw-------");
  }

  @Test
  void bind_loopbackOfItsOwn_notTheListenersAddress() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", node.managementPort()), 3000);
    }
    boolean reachableOnListenersAddress;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.2", node.managementPort()), 3000);
      reachableOnListenersAddress = true;
    } catch (ConnectException e) {
      reachableOnListenersAddress = false;
    }
    assertThat(reachableOnListenersAddress).isFalse();
  }

  @Test
  void clusterPage_pageOpenWithoutData_itsJsonNeedsTheToken() throws Exception {
    HttpResponse<String> page = get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
    assertThat(page.body()).contains("Management token").doesNotContain("pekko://");
    assertThat(get("/page/app.js", null).statusCode()).isEqualTo(200);
    assertThat(get("/page/style.css", null).statusCode()).isEqualTo(200);

    assertThat(get("/switchboard/cluster", null).statusCode()).isEqualTo(401);
    // Only the page's exact paths are open.
    assertThat(get("//switchboard/cluster", null).statusCode()).isEqualTo(401);
    assertThat(get("/page/../switchboard/cluster", null).statusCode()).isIn(401, 404);

    String token = Files.readString(secrets().resolve("management.token")).trim();
    HttpResponse<String> json = get("/switchboard/cluster", token);
    assertThat(json.statusCode()).isEqualTo(200);
    var view = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body());
    assertThat(view.at("/members/0/status").asText()).isEqualTo("Up");
    assertThat(view.at("/members/0/self").asBoolean()).isTrue();
    assertThat(view.get("entityTypes").findValuesAsText("name")).contains("UserSession", "PubSubNode");
    assertThat(view.get("events").findValuesAsText("kind")).contains("up");
  }

  private static Path secrets() {
    return Path.of(node.node().system().settings().config().getString("switchboard.data-dir")).resolve("secrets");
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + path))
        .timeout(Duration.ofSeconds(5));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
