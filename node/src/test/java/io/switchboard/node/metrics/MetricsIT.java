package io.switchboard.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawNonza;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Issue #21, first slice: {@code /metrics} on one node's management port while three Smack clients
 * log in over STARTTLS, chat, fail a login, drop and resume a stream (XEP-0198) and leave a user
 * offline messages. The values must move as the traffic says, the exposition must pass Debian's
 * {@code promtool check metrics}, and the route needs the management token. {@code .ci/run}
 * installs promtool and sets SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1, so there a missing promtool
 * fails instead of skipping.
 */
@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  /** promtool's lint problems with Micrometer's binder names (abbreviated unit, _count on a gauge). */
  private static final java.util.List<String> LIBRARY_LINT = java.util.List.of(
      "process_cpu_time_ns_total ", "system_cpu_count ");
  private static InProcessNode node;
  private static int s2sPort;

  @BeforeAll
  static void start() throws Exception {
    boolean available = Files.isExecutable(PROMTOOL);
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(available).as("promtool must be installed (apt-get install prometheus)").isTrue();
    }
    assumeTrue(available, "promtool (Debian package prometheus) is not installed");
    try (ServerSocket probe = new ServerSocket(0)) {
      s2sPort = probe.getLocalPort();
    }
    // Pub-sub node entities passivate after 2 s idle here (the lifecycle test); the other tests' nodes
    // wake up again transparently if they do.
    node = InProcessNode.startWithAccounts("metrics_it", Map.of("switchboard.metrics.entities-every", "1s",
            "switchboard.ports.s2s", s2sPort, "switchboard.pubsub.passivate-after", "2s"),
        "amy", "ben", "cat", "dan", "eve", "fay");
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  @Order(1)
  void scrape_afterLoginsChatAndResumption_valuesMovedAndParse() throws Exception {
    assertThat(get(null).statusCode()).isEqualTo(401);
    assertThat(get("not-the-management-token").statusCode()).isEqualTo(401);

    XMPPTCPConnection amy = new XMPPTCPConnection(SmackClients.config(node, "amy", "amy-pw").setResource("m").build());
    amy.setUseStreamManagement(true);
    amy.setUseStreamManagementResumption(true);
    amy.connect().login();
    XMPPTCPConnection ben = SmackClients.connect(node, "ben", "ben-pw", "m");
    XMPPTCPConnection cat = SmackClients.connect(node, "cat", "cat-pw", "m");
    try {
      String mechanism = amy.getUsedSaslMechansism();
      XMPPTCPConnection wrong = new XMPPTCPConnection(SmackClients.config(node, "ben", "not-ben-pw").build());
      assertThatThrownBy(() -> wrong.connect().login()).isInstanceOf(SASLErrorException.class);
      wrong.disconnect();

      BlockingQueue<Message> atBen = new LinkedBlockingQueue<>();
      ben.addSyncStanzaListener(s -> atBen.add((Message) s), MessageTypeFilter.CHAT);
      for (int i = 0; i < 5; i++) {
        amy.sendStanza(chat(amy, "ben@" + node.domain() + "/m", "hello " + i));
      }
      for (int i = 0; i < 5; i++) {
        assertThat(atBen.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("message %d at ben", i).isNotNull();
      }
      for (int i = 0; i < 2; i++) {
        cat.sendStanza(chat(cat, "dan@" + node.domain(), "while you were out " + i));
      }

      awaitSample("switchboard_client_streams", Map.of("transport", "tcp"), 3);
      awaitSample("switchboard_offline_stored_total", Map.of(), 2);
      // amy, ben, cat, and dan's entity (it stored the offline messages): at least those four.
      Await.until("session entities", WAIT, () -> sampleNow("switchboard_sharding_entities", Map.of("type", "session")) >= 4);
      assertThat(sampleNow("switchboard_sharding_shards", Map.of("type", "session"))).isPositive();
      String text = scrape();
      assertThat(sample(text, "switchboard_logins_total", Map.of("mechanism", mechanism))).isEqualTo(3);
      assertThat(sample(text, "switchboard_sasl_failures_total",
          Map.of("mechanism", mechanism, "reason", "not-authorized"))).isEqualTo(1);
      assertThat(sample(text, "switchboard_client_stanzas_total", Map.of("direction", "in", "kind", "message")))
          .isGreaterThanOrEqualTo(7);
      assertThat(sample(text, "switchboard_client_stanzas_total", Map.of("direction", "out", "kind", "message")))
          .isGreaterThanOrEqualTo(5);
      assertThat(sample(text, "switchboard_client_stanzas_total", Map.of("direction", "in", "kind", "presence")))
          .isGreaterThanOrEqualTo(3);
      assertThat(sample(text, "switchboard_client_stanzas_total", Map.of("direction", "in", "kind", "iq")))
          .isGreaterThanOrEqualTo(3); // at least each client's roster get
      assertThat(sample(text, "switchboard_client_streams", Map.of("transport", "websocket"))).isZero();
      assertThat(sample(text, "switchboard_sm_parked_total", Map.of())).isZero();
      assertThat(sample(text, "jvm_threads_live_threads", Map.of())).isPositive();
      assertThat(sample(text, "process_files_open_files", Map.of())).isPositive();
      assertThat(text).contains("jvm_gc_");
      // One node, its own cluster: one Up member, the leader (ClusterMetricsIT covers two).
      assertThat(sample(text, "switchboard_cluster_members", Map.of("status", "up"))).isEqualTo(1);
      assertThat(sample(text, "switchboard_cluster_leader", Map.of())).isEqualTo(1);
      promtool(text);

      // XEP-0198: the socket drops (no </stream>), the session is parked, then resumed.
      amy.instantShutdown();
      awaitSample("switchboard_sm_parked_total", Map.of(), 1);
      awaitSample("switchboard_client_streams", Map.of("transport", "tcp"), 2);
      amy.connect().login();
      assertThat(amy.streamWasResumed()).isTrue();
      awaitSample("switchboard_sm_resumed_total", Map.of(), 1);
      awaitSample("switchboard_client_streams", Map.of("transport", "tcp"), 3);

      // dan logs in: the two offline messages are delivered (and deleted once written).
      XMPPTCPConnection dan = SmackClients.connect(node, "dan", "dan-pw", "m");
      try {
        awaitSample("switchboard_offline_delivered_total", Map.of(), 2);
        awaitSample("switchboard_client_streams", Map.of("transport", "tcp"), 4);
        // amy, ben, cat, amy again (a resumption authenticates first), dan.
        assertThat(sample(scrape(), "switchboard_logins_total", Map.of("mechanism", mechanism))).isEqualTo(5);
      } finally {
        dan.disconnect();
      }
      // A stream error by condition: not-well-formed XML from cat.
      cat.sendNonza(RawNonza.of("<message to='amy@" + node.domain() + "'><body>broken</message>"));
      awaitSample("switchboard_stream_errors_total", Map.of("condition", "not-well-formed"), 1);
      promtool(scrape());
    } finally {
      amy.disconnect();
      ben.disconnect();
      cat.disconnect();
    }
  }

  /**
   * The families of the message archive (XEP-0313) and pub-sub (XEP-0060), after the first test
   * (whose exact login counts a login here would break), counted from this test's baseline: eve's
   * three chats to fay are six archive writes (eve's outgoing, fay's incoming), her two queries
   * are one answered and one item-not-found (an after-id not in her archive), and two items
   * published to a node fay subscribed to are two notifications.
   */
  @Test
  @Order(2)
  void scrape_afterArchivedChatsQueriesAndPublishes_archiveAndPubSubCountedExactly() throws Exception {
    XMPPTCPConnection eve = SmackClients.connect(node, "eve", "eve-pw", "m");
    XMPPTCPConnection fay = SmackClients.connect(node, "fay", "fay-pw", "m");
    try {
      Map<String, String> ok = Map.of("result", "ok");
      Map<String, String> notFound = Map.of("result", "item-not-found");
      Map<String, String> failed = Map.of("result", "failed");
      String before = scrape();
      double writes = sample(before, "switchboard_mam_writes_total", ok);
      double writesFailed = sample(before, "switchboard_mam_writes_total", failed);
      double queries = sample(before, "switchboard_mam_queries_seconds_count", ok);
      double queriesNotFound = sample(before, "switchboard_mam_queries_seconds_count", notFound);
      double queriesFailed = sample(before, "switchboard_mam_queries_seconds_count", failed);
      double notifications = sample(before, "switchboard_pubsub_notifications_total", Map.of());

      BlockingQueue<Message> atFay = new LinkedBlockingQueue<>();
      fay.addSyncStanzaListener(s -> atFay.add((Message) s), MessageTypeFilter.CHAT);
      for (int i = 0; i < 3; i++) {
        eve.sendStanza(chat(eve, "fay@" + node.domain() + "/m", "archived " + i));
      }
      for (int i = 0; i < 3; i++) {
        assertThat(atFay.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("message %d at fay", i).isNotNull();
      }
      awaitSample("switchboard_mam_writes_total", ok, writes + 6);

      MamManager mam = MamManager.getInstanceFor(eve);
      assertThat(mam.isSupported()).as("XEP-0313 announced (Smack learns the MAM version from disco)").isTrue();
      MamManager.MamQuery page = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSize(10).build());
      assertThat(page.getMessages()).hasSize(3);
      assertThatThrownBy(() -> mam.queryArchive(MamManager.MamQueryArgs.builder()
          .afterUid("11111111-2222-1333-8444-555555555555").build()))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
      awaitSample("switchboard_mam_queries_seconds_count", ok, queries + 1);
      awaitSample("switchboard_mam_queries_seconds_count", notFound, queriesNotFound + 1);

      PubSubManager evePs = PubSubManager.getInstanceFor(eve);
      LeafNode news = evePs.createNode("metrics-news");
      LeafNode fayNews = PubSubManager.getInstanceFor(fay).getLeafNode("metrics-news");
      BlockingQueue<Object> atFayNews = new LinkedBlockingQueue<>();
      fayNews.addItemEventListener(event -> atFayNews.addAll(event.getItems()));
      fayNews.subscribe(fay.getUser().asEntityBareJid());
      for (int i = 0; i < 2; i++) {
        news.publish(new PayloadItem<>("item-" + i, new SimplePayload(
            "<entry xmlns='http://www.w3.org/2005/Atom'><title>" + i + "</title></entry>")));
      }
      for (int i = 0; i < 2; i++) {
        assertThat(atFayNews.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("notification %d at fay", i).isNotNull();
      }
      awaitSample("switchboard_pubsub_notifications_total", Map.of(), notifications + 2);

      String after = scrape();
      assertThat(sample(after, "switchboard_mam_writes_total", ok)).isEqualTo(writes + 6);
      assertThat(sample(after, "switchboard_mam_writes_total", failed)).isEqualTo(writesFailed);
      assertThat(sample(after, "switchboard_mam_queries_seconds_count", failed)).isEqualTo(queriesFailed);
      // The latency histogram: every answered query is in the +Inf bucket, and took some time.
      assertThat(sample(after, "switchboard_mam_queries_seconds_bucket", Map.of("result", "ok", "le", "+Inf")))
          .isEqualTo(queries + 1);
      assertThat(sample(after, "switchboard_mam_queries_seconds_sum", ok)).isPositive();
      assertThat(sample(after, "switchboard_pubsub_notifications_total", Map.of())).isEqualTo(notifications + 2);
      promtool(after);
    } finally {
      eve.disconnect();
      fay.disconnect();
    }
  }

  /**
   * The chat rooms' family (XEP-0045) and the server-to-server family, counted from this test's
   * baseline: ben creates a room and cat and eve join (three joins), fay asks for cat's nickname
   * (a join refused with conflict) and sends the room a groupchat message without being in it (a
   * message refused with not-acceptable), ben sends four messages (four accepted). Then a raw
   * connection to the s2s port opens a stream for a domain not served here: one incoming stream
   * opened, one host-unknown stream error, and no stream left open.
   */
  @Test
  @Order(3)
  void scrape_afterRoomTrafficAndAnUnknownS2sDomain_mucAndS2sCountedExactly() throws Exception {
    Map<String, String> joinConflict = Map.of("stanza", "join", "reason", "conflict");
    Map<String, String> messageRefused = Map.of("stanza", "message", "reason", "not-acceptable");
    Map<String, String> in = Map.of("direction", "in");
    Map<String, String> hostUnknown = Map.of("condition", "host-unknown");
    String before = scrape();
    double joins = sample(before, "switchboard_muc_joins_total", Map.of());
    double messages = sample(before, "switchboard_muc_messages_total", Map.of());
    double conflicts = Samples.value(before, "switchboard_muc_refusals_total", joinConflict).orElse(0.0);
    double notOccupant = Samples.value(before, "switchboard_muc_refusals_total", messageRefused).orElse(0.0);
    double s2sOpened = sample(before, "switchboard_s2s_streams_opened_total", in);
    double s2sOpen = sample(before, "switchboard_s2s_streams", in);
    double s2sErrors = sample(before, "switchboard_s2s_stream_errors_total", hostUnknown);
    double s2sStanzas = sample(before, "switchboard_s2s_stanzas_total", in);

    XMPPTCPConnection ben = SmackClients.connect(node, "ben", "ben-pw", "muc");
    XMPPTCPConnection cat = SmackClients.connect(node, "cat", "cat-pw", "muc");
    XMPPTCPConnection eve = SmackClients.connect(node, "eve", "eve-pw", "muc");
    XMPPTCPConnection fay = SmackClients.connect(node, "fay", "fay-pw", "muc");
    try {
      EntityBareJid room = JidCreate.entityBareFrom("metrics-room@conference." + node.domain());
      MultiUserChat benRoom = MultiUserChatManager.getInstanceFor(ben).getMultiUserChat(room);
      benRoom.create(Resourcepart.from("ben")).makeInstant();
      MultiUserChat catRoom = MultiUserChatManager.getInstanceFor(cat).getMultiUserChat(room);
      BlockingQueue<Message> atCat = new LinkedBlockingQueue<>();
      catRoom.addMessageListener(atCat::add);
      catRoom.join(Resourcepart.from("cat"));
      MultiUserChatManager.getInstanceFor(eve).getMultiUserChat(room).join(Resourcepart.from("eve"));
      assertThatThrownBy(() -> MultiUserChatManager.getInstanceFor(fay).getMultiUserChat(room)
          .join(Resourcepart.from("cat")))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
              assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
      fay.sendStanza(fay.getStanzaFactory().buildMessageStanza().to(room).ofType(Message.Type.groupchat)
          .setBody("not in the room").build());
      for (int i = 0; i < 4; i++) {
        benRoom.sendMessage("to everyone " + i);
      }
      for (int i = 0; i < 4; i++) {
        assertThat(atCat.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("groupchat %d at cat", i).isNotNull();
      }
      awaitSample("switchboard_muc_messages_total", Map.of(), messages + 4);
      awaitSample("switchboard_muc_refusals_total", messageRefused, notOccupant + 1);
      String after = scrape();
      assertThat(sample(after, "switchboard_muc_joins_total", Map.of())).isEqualTo(joins + 3);
      assertThat(sample(after, "switchboard_muc_refusals_total", joinConflict)).isEqualTo(conflicts + 1);
      assertThat(Samples.value(after, "switchboard_muc_refusals_total", Map.of("stanza", "join", "reason", "busy")))
          .isEmpty();
    } finally {
      ben.disconnect();
      cat.disconnect();
      eve.disconnect();
      fay.disconnect();
    }

    try (Socket peer = new Socket("127.0.0.1", s2sPort)) {
      peer.setSoTimeout((int) WAIT.toMillis());
      peer.getOutputStream().write(("<?xml version='1.0'?><stream:stream xmlns='jabber:server'"
          + " xmlns:stream='http://etherx.jabber.org/streams' from='peer.example' to='not-served.example'"
          + " version='1.0'>").getBytes(StandardCharsets.UTF_8));
      peer.getOutputStream().flush();
      java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; !answer.toString(StandardCharsets.UTF_8).contains("host-unknown")
            && (n = peer.getInputStream().read(buf)) >= 0; ) {
          answer.write(buf, 0, n);
        }
      } catch (IOException resetAfterTheError) {
        // the server may reset the connection once its stream error is written
      }
      assertThat(answer.toString(StandardCharsets.UTF_8)).contains("host-unknown");
    }
    awaitSample("switchboard_s2s_stream_errors_total", hostUnknown, s2sErrors + 1);
    awaitSample("switchboard_s2s_streams", in, s2sOpen);
    String after = scrape();
    assertThat(sample(after, "switchboard_s2s_streams_opened_total", in)).isEqualTo(s2sOpened + 1);
    assertThat(sample(after, "switchboard_s2s_stanzas_total", in)).isEqualTo(s2sStanzas);
    assertThat(sample(after, "switchboard_s2s_authentications_total", Map.of("direction", "in", "auth", "dialback")))
        .isZero();
    promtool(after);
  }

  /**
   * The entities' lifecycle family (issue #21) on pub-sub node entities, which passivate after 2 s
   * idle on this node: once no node entity runs, ben creates a node (its first recovery, of an
   * empty journal), it passivates when idle (one passivation), an item published to it wakes it up
   * (a second recovery, of its creation) and it passivates again: exactly two of each, from the
   * baseline, and no failed recovery.
   */
  @Test
  @Order(4)
  void scrape_afterANodePassivatesAndWakesUp_recoveriesAndPassivationsCountedExactly() throws Exception {
    Map<String, String> nodes = Map.of("type", "pubsub-node");
    XMPPTCPConnection ben = SmackClients.connect(node, "ben", "ben-pw", "lifecycle");
    try {
      // Quiet first: no pub-sub node entity runs and none has started for 3 s (an entity the login
      // woke, e.g. a contact's PEP node asked for its last item, lives at least the 2 s passivation
      // time, so a start after the baseline would have to come more than 3 s after the login).
      quietPubSubNodes(nodes);
      String before = scrape();
      double recoveries = sample(before, "switchboard_entity_recovery_seconds_count", nodes);
      double passivations = sample(before, "switchboard_entity_passivations_total", nodes);
      double failures = sample(before, "switchboard_entity_recovery_failures_total", nodes);

      LeafNode lifecycle = PubSubManager.getInstanceFor(ben).createNode("metrics-lifecycle");
      awaitSample("switchboard_entity_passivations_total", nodes, passivations + 1);
      assertThat(sampleNow("switchboard_entity_recovery_seconds_count", nodes)).isEqualTo(recoveries + 1);
      lifecycle.publish(new PayloadItem<>("wake-up", new SimplePayload(
          "<entry xmlns='http://www.w3.org/2005/Atom'><title>wake up</title></entry>")));
      awaitSample("switchboard_entity_passivations_total", nodes, passivations + 2);

      String after = scrape();
      assertThat(sample(after, "switchboard_entity_recovery_seconds_count", nodes)).isEqualTo(recoveries + 2);
      assertThat(sample(after, "switchboard_entity_recovery_seconds_bucket", Map.of("type", "pubsub-node", "le", "+Inf")))
          .isEqualTo(recoveries + 2);
      assertThat(sample(after, "switchboard_entity_recovery_seconds_sum", nodes)).isPositive();
      assertThat(sample(after, "switchboard_entity_passivations_total", nodes)).isEqualTo(passivations + 2);
      assertThat(sample(after, "switchboard_entity_recovery_failures_total", nodes)).isEqualTo(failures);
      // The accounts' sessions are timed with the same family.
      assertThat(sample(after, "switchboard_entity_recovery_seconds_count", Map.of("type", "session"))).isPositive();
      promtool(after);
    } finally {
      ben.disconnect();
    }
  }

  /** Waits until no pub-sub node entity runs and the recovery count held still for 3 s. */
  private static void quietPubSubNodes(Map<String, String> nodes) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    double seen = Double.NaN;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      String now = scrape();
      double started = sample(now, "switchboard_entity_recovery_seconds_count", nodes);
      if (started != seen) {
        seen = started;
        since = System.nanoTime();
      } else if (sample(now, "switchboard_sharding_entities", nodes) == 0
          && System.nanoTime() - since >= Duration.ofSeconds(3).toNanos()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("pub-sub node entities never went quiet within " + WAIT + "; recoveries " + seen);
  }

  private static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
    return from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body).build();
  }

  private static void awaitSample(String name, Map<String, String> labels, double expected) throws Exception {
    Await.equal(name + labels, WAIT, expected, () -> {
      try {
        return sample(scrape(), name, labels);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static double sampleNow(String name, Map<String, String> labels) {
    try {
      return sample(scrape(), name, labels);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double sample(String text, String name, Map<String, String> labels) {
    return Samples.value(text, name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels));
  }

  private static String scrape() throws Exception {
    HttpResponse<String> r = get(node.managementToken());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
    return r.body();
  }

  private static HttpResponse<String> get(String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/metrics"))
        .timeout(Duration.ofSeconds(5));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * {@code promtool check metrics} reads the exposition from stdin and exits 1 when it does not
   * parse, 3 when it parses with lint problems (one per line). The only problems allowed are two
   * names of Micrometer's own {@code ProcessorMetrics} binder, kept as Micrometer names them.
   */
  private static void promtool(String exposition) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics: %s", out).isIn(0, 3);
    for (String problem : out.strip().lines().filter(l -> !l.isBlank()).toList()) {
      assertThat(LIBRARY_LINT.stream().anyMatch(problem::startsWith))
          .as("promtool lint problem outside Micrometer's binders: %s", problem).isTrue();
    }
  }
}
