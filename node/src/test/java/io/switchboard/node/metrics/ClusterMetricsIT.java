package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #21, cluster slice: {@code /metrics} of both nodes of the shared two-node test cluster
 * ({@link TwoNodeCluster}) shows two Up members, nobody unreachable, one leader, the gauges of
 * every sharded type and the Cassandra driver's session metrics; and every metric the chart's
 * alerts ({@code helm/switchboard/files/alerts.yaml}) and dashboard ({@code files/dashboard.json})
 * name, with every label value they match on, is in a real node's exposition
 * ({@link ExpressionNames}), so the names cannot drift from the code.
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class ClusterMetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static final Path CHART_FILES = Path.of("..", "helm", "switchboard", "files");
  private static InProcessNode one;
  private static InProcessNode two;

  @BeforeAll
  static void start() {
    one = TwoNodeCluster.first();
    two = TwoNodeCluster.second();
    one.node().persistence().accounts().create(Jids.bare("cm-ann@localhost"), "cm-ann-pw").toCompletableFuture().join();
    one.node().persistence().accounts().create(Jids.bare("cm-bea@localhost"), "cm-bea-pw").toCompletableFuture().join();
  }

  @Test
  void scrape_twoNodeCluster_twoUpMembersOneLeaderNoneUnreachable() throws Exception {
    for (InProcessNode n : List.of(one, two)) {
      Await.equal("members up seen by " + n.managementPort(), WAIT, 2.0,
          () -> value(n, "switchboard_cluster_members", Map.of("status", "up")));
      String text = scrape(n);
      assertThat(sample(text, "switchboard_cluster_unreachable_members", Map.of())).isZero();
      for (String status : List.of("joining", "weakly-up", "leaving", "exiting", "down")) {
        assertThat(sample(text, "switchboard_cluster_members", Map.of("status", status))).as(status).isZero();
      }
      assertThat(sample(text, "switchboard_cluster_member_events_total", Map.of("event", "unreachable"))).isZero();
    }
    assertThat(value(one, "switchboard_cluster_leader", Map.of()) + value(two, "switchboard_cluster_leader", Map.of()))
        .as("exactly one of the two nodes is the leader").isEqualTo(1.0);
    // The second node joined after the first had subscribed: the first saw it come Up.
    assertThat(value(one, "switchboard_cluster_member_events_total", Map.of("event", "up"))).isGreaterThanOrEqualTo(1);
  }

  @Test
  void scrape_entityTypesAndCassandraSessions_present() throws Exception {
    XMPPTCPConnection ann = SmackClients.connect(one, "cm-ann", "cm-ann-pw", "m");
    try {
      String text = scrape(one);
      for (String type : List.of("session", "pubsub-node", "component", "feed", "muc-room", "remote-domain")) {
        assertThat(Samples.value(text, "switchboard_sharding_entities", Map.of("type", type))).as(type).isPresent();
        assertThat(Samples.value(text, "switchboard_sharding_shards_handed_off_total", Map.of("type", type)))
            .as(type).isPresent();
      }
      // ann's entity lives on one of the two nodes; the gauges refresh every entities-every (15 s).
      Await.until("a session entity counted", WAIT, () ->
          value(one, "switchboard_sharding_entities", Map.of("type", "session"))
              + value(two, "switchboard_sharding_entities", Map.of("type", "session")) >= 1);
      for (InProcessNode n : List.of(one, two)) {
        for (String session : List.of("store", "journal")) {
          Map<String, String> label = Map.of("session", session);
          Await.until(session + " session's metrics on " + n.managementPort(), WAIT,
              () -> Samples.value(scrape(n), "switchboard_cassandra_connected_nodes", label).orElse(0.0) == 1.0);
          String t = scrape(n);
          // The driver's percentiles cover its last 30 s window: 0 until the first window closed.
          assertThat(sample(t, "switchboard_cassandra_request_latency_seconds",
              Map.of("session", session, "percentile", "99"))).isNotNegative().isLessThan(10);
          assertThat(sample(t, "switchboard_cassandra_client_timeouts_total", label)).isNotNegative();
        }
        // Every node's readiness probe queries Cassandra through its store session.
        Await.until("store requests counted on " + n.managementPort(), WAIT,
            () -> value(n, "switchboard_cassandra_requests_total", Map.of("session", "store")) > 0);
      }
      // ann's entity journaled its binding on whichever node hosts it.
      Map<String, String> journal = Map.of("session", "journal");
      Await.until("journal requests counted", WAIT,
          () -> value(one, "switchboard_cassandra_requests_total", journal)
              + value(two, "switchboard_cassandra_requests_total", journal) > 0,
          () -> scrape(one).lines().filter(l -> l.startsWith("switchboard_cassandra")).toList().toString());
    } finally {
      ann.disconnect();
    }
  }

  /**
   * Meters that exist only once something happened are made to happen first: a login
   * ({@code switchboard_logins_total}), a failed one ({@code switchboard_sasl_failures_total}) and
   * a collection ({@code jvm_gc_pause_seconds}, registered by Micrometer at the first GC
   * notification) and a room's refusal ({@code switchboard_muc_refusals_total}: one series per
   * stanza and reason, each registered at its first refusal; here a groupchat message from a
   * non-occupant, {@code not-acceptable}). Every other name is registered when the node starts.
   */
  @Test
  void alertsAndDashboard_everyMetricAndLabelValue_existInTheExposition() throws Exception {
    XMPPTCPConnection ann = SmackClients.connect(one, "cm-ann", "cm-ann-pw", "n");
    ann.disconnect();
    XMPPTCPConnection wrong = new XMPPTCPConnection(SmackClients.config(one, "cm-ann", "not-the-pw").build());
    assertThatThrownBy(() -> wrong.connect().login()).isInstanceOf(SASLErrorException.class);
    wrong.disconnect();
    System.gc();
    Await.until("a GC pause recorded", WAIT, () -> scrape(one).contains("jvm_gc_pause_seconds_count"));
    refuseARoomMessage();

    String exposition = scrape(one) + scrape(two);
    String alerts = Files.readString(CHART_FILES.resolve("alerts.yaml"));
    String dashboard = Files.readString(CHART_FILES.resolve("dashboard.json"));
    Set<ExpressionNames.Selector> used = new TreeSet<>();
    used.addAll(ExpressionNames.selectors(ExpressionNames.alertExpressions(alerts)));
    used.addAll(ExpressionNames.selectors(ExpressionNames.dashboardExpressions(dashboard)));
    assertThat(used).as("metrics named by the alerts and the dashboard").hasSizeGreaterThan(30);
    for (ExpressionNames.Selector s : used) {
      assertThat(Samples.value(exposition, s.metric(), s.labels()))
          .as("a sample %s%s in a node's /metrics (used by the chart's alerts or dashboard)", s.metric(), s.labels())
          .isPresent();
    }
  }

  /** cm-ann creates a room on the first node; cm-bea, on the second, sends it a groupchat message without joining. */
  private static void refuseARoomMessage() throws Exception {
    XMPPTCPConnection ann = SmackClients.connect(one, "cm-ann", "cm-ann-pw", "room");
    XMPPTCPConnection bea = SmackClients.connect(two, "cm-bea", "cm-bea-pw", "room");
    try {
      EntityBareJid room = JidCreate.entityBareFrom("cm-room@conference." + one.domain());
      MultiUserChatManager.getInstanceFor(ann).getMultiUserChat(room).create(Resourcepart.from("ann")).makeInstant();
      bea.sendStanza(bea.getStanzaFactory().buildMessageStanza().to(room).ofType(Message.Type.groupchat)
          .setBody("not in the room").build());
      Map<String, String> refused = Map.of("stanza", "message", "reason", "not-acceptable");
      Await.until("a room's refusal counted", WAIT,
          () -> Samples.value(scrape(one) + scrape(two), "switchboard_muc_refusals_total", refused).isPresent());
    } finally {
      ann.disconnect();
      bea.disconnect();
    }
  }

  private static double value(InProcessNode n, String name, Map<String, String> labels) {
    return Samples.value(scrape(n), name, labels).orElse(Double.NaN);
  }

  private static double sample(String text, String name, Map<String, String> labels) {
    return Samples.value(text, name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels));
  }

  private static String scrape(InProcessNode n) {
    HttpResponse<String> r;
    try {
      r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.managementPort() + "/metrics"))
          .header("Authorization", "Bearer " + n.managementToken()).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
