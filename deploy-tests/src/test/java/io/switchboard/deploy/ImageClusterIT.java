package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraInDocker;
import io.switchboard.persistence.testkit.Docker;
import io.switchboard.persistence.testkit.RequiresDocker;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import tools.jackson.databind.JsonNode;

/**
 * Issue #22: the image, built here from Debian packages and what Maven built, run as the chart
 * runs it. Three Switchboard containers plus a Cassandra container (all host networking, all on
 * loopback), configured only by the environment the Helm chart renders for its pods; Cluster
 * Bootstrap finds the "pods" through a stand-in Kubernetes API (fabric8's mock server) exactly as
 * on Kubernetes, with the chart's security context (non-root uid, read-only root filesystem, no
 * capabilities) and memory limit. Smack clients connect through a plain round-robin TCP balancer.
 * In order, with a numbered message stream from a client on the first node to one client whose
 * stream and entity are on the second node and one whose stream and entity are on the third (and,
 * before the kill, one more whose entity is on the third node then):
 *
 * <ol>
 *   <li>{@code switchboard adduser} through {@code docker exec}, as the README does with kubectl;
 *   <li>{@code docker stop} of the second node: SIGTERM drains it ({@code <system-shutdown/>} to
 *       its client, shards handed off, the member leaves) and the JVM exits 0 within the chart's
 *       grace period; the client logs in again through the balancer;
 *   <li>a new container joins the running cluster, turns ready and takes shards;
 *   <li>{@code docker kill} of the third node: its client reconnects, its entities restart on the
 *       survivors, the split-brain resolver removes it;
 *   <li>every numbered message arrives (live, or from offline storage at a fresh login, waited for
 *       up to three minutes after it): 0 lost.
 * </ol>
 *
 * Skipped without a Docker daemon unless {@code SWITCHBOARD_REQUIRE_DOCKER=1}. Figures (image
 * size, start-to-ready, stop, failover) are printed with a {@code [figures]} prefix; assertions
 * are on counts and exit codes, never on time, except the grace period the chart gives a pod.
 *
 * <p>Everything the nodes get comes from the environment: a change of how the chart configures
 * the nodes (remoting over TLS, say) needs only the chart and, if it mounts a new Secret, one
 * more bind mount in {@link NodeContainer}.
 */
@ExtendWith(RequiresDocker.class)
class ImageClusterIT {
  private static final String DOMAIN = "example.org"; // the chart's default xmpp.domain
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final Duration MESSAGE_INTERVAL = Duration.ofMillis(25);
  private static final int MAX_TICKS = 12_000; // 5 minutes of messages at most
  private static final int USERS = 30;

  private final List<AutoCloseable> closeLast = new ArrayList<>();
  private final List<NodeContainer> nodes = new ArrayList<>();

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void image_asAChartCluster_stopDrains_newNodeJoins_killFailsOver_nothingLost() throws Exception {
    Docker.assumeAvailable();
    Docker.removeStaleContainers();
    Path openssl = Tools.require("openssl", "apt-get install openssl");
    long t0 = System.nanoTime();
    Docker.buildImages("switchboard", "cassandra");
    long buildMs = (System.nanoTime() - t0) / 1_000_000;
    long imageBytes = DockerClientFactory.instance().client().inspectImageCmd(Docker.SWITCHBOARD_IMAGE).exec().getSize();
    System.out.printf("[figures] image %s: %.0f MB (docker image inspect .Size); build-images.sh switchboard"
        + " cassandra took %d ms (cached base)%n", Docker.SWITCHBOARD_IMAGE, imageBytes / 1e6, buildMs);

    Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-image").toAbsolutePath()), "run-");
    Path tls = domainCertificate(openssl, work);
    try {
      CassandraInDocker cassandra = CassandraInDocker.start("cassandra-cluster-it", Duration.ofSeconds(240));
      closeLast.add(cassandra);
      KubernetesApiStandIn api = new KubernetesApiStandIn(work);
      closeLast.add(api);
      // The chart's defaults, but for where Cassandra is (a single node: replication factor 1),
      // a TLS Secret (one certificate for every node behind the balancer), and a larger offline
      // quota: until the split-brain resolver downs a killed node (30-60 s here) its entities
      // cannot take messages, and the sender's held-back stream (40 a second at most) then lands
      // in offline storage at once, before the receiver's login could bind. Over the default
      // quota (1,000) the surplus is refused with <resource-constraint/> to the sender, which is
      // the quota working, not a loss; this test is about failover, so the quota is out of its way.
      Map<String, Object> values = Map.of(
          "cassandra.contactPoints", cassandra.contactPoint(),
          "cassandra.replication.factor", 1,
          "tls.existingSecret", "sb-tls",
          "extraEnv[0].name", "SWITCHBOARD_OFFLINE_MAX_PER_USER",
          "extraEnv[0].value", "10000",
          // The chart's 3 s suits nodes on their own cores; four containers on CI's two cores stall
          // a survivor ~7 s while it takes the killed node's shards (seen in ClusterFailoverIT).
          "cluster.splitBrainResolver.stableAfter", "10s");
      // The release's Secret as Helm renders it at install (cluster CA and node certificate,
      // management token, decoy secret), once for every pod as Kubernetes would hold it.
      ReleaseSecrets secrets = ReleaseSecrets.render(values, work);
      run(values, api, tls, secrets);
    } finally {
      for (NodeContainer n : nodes) {
        n.close();
      }
      for (int i = closeLast.size() - 1; i >= 0; i--) {
        closeLast.get(i).close();
      }
    }
  }

  private void run(Map<String, Object> values, KubernetesApiStandIn api, Path tls, ReleaseSecrets secrets)
      throws Exception {
    // ---------------------------------------------------------------- three pods, one cluster
    for (int i = 0; i < 3; i++) {
      NodeContainer n = new NodeContainer("n" + i, "127.0.0." + (11 + i), values, api, tls, secrets);
      api.addPod(n.chart, "sb-switchboard-" + i, n.podIp, n.ports.management());
      nodes.add(n);
    }
    NodeContainer n0 = nodes.get(0);
    NodeContainer n1 = nodes.get(1);
    NodeContainer n2 = nodes.get(2);
    long formStart = System.nanoTime();
    // Together, as a Deployment starts them: none is ready before all three formed the cluster.
    CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::start)).toArray(CompletableFuture[]::new))
        .get(6, TimeUnit.MINUTES);
    Await.until("three Up members", WAIT, () -> upMembers(n0) == 3);
    System.out.printf("[figures] three containers started together: each ready (/ready 200) after %s ms;"
            + " 3 Up members %d ms after the first start%n",
        nodes.stream().map(n -> Long.toString(n.startToReady().toMillis())).toList(),
        (System.nanoTime() - formStart) / 1_000_000);
    for (NodeContainer n : nodes) {
      String[] pid1 = n.pid1().strip().split("\n");
      assertThat(pid1[0]).as("PID 1 of %s", n.name).startsWith("java ").contains("io.switchboard.node.Main");
      assertThat(pid1[1].strip()).as("uid of %s", n.name).isEqualTo("10001");
    }

    // ------------------------------------------------------------ accounts through docker exec
    long adduserStart = System.nanoTime();
    Container.ExecResult added = n1.admin("adduser", "alice@" + DOMAIN, "alice-pw");
    long adduserMs = (System.nanoTime() - adduserStart) / 1_000_000;
    assertThat(added.getExitCode()).as("adduser: %s %s", added.getStdout(), added.getStderr()).isZero();
    Container.ExecResult again = n2.admin("adduser", "alice@" + DOMAIN, "other");
    assertThat(again.getExitCode()).as("adduser of an existing account: %s", again.getStderr()).isEqualTo(1);
    Container.ExecResult bulk = n0.admin("bulk-adduser", Integer.toString(USERS), "u", "p");
    assertThat(bulk.getExitCode()).as("bulk-adduser: %s %s", bulk.getStdout(), bulk.getStderr()).isZero();
    System.out.printf("[figures] docker exec ... switchboard adduser: exit 0 in %d ms (a JVM in the container)%n",
        adduserMs);

    // ----------------------------------------------- clients through the balancer, entities placed
    X509TrustManager trust = trustOnly(tls.resolve("tls.crt"));
    TcpBalancer balancer = new TcpBalancer(nodes.stream().map(NodeContainer::c2s).toList());
    closeLast.add(balancer);
    // The sender goes without XEP-0198 (see XmppClient.login): "0 lost" then means every message
    // it wrote to its socket arrived, acknowledged or not.
    XmppClient alice = XmppClient.login(DOMAIN, balancer.port(), "alice", "alice-pw", "it", trust, false);
    closeLast.add(alice);
    assertThat(balancer.chosen().get(0)).as("the first connection goes to the first node").isEqualTo(n0.c2s());
    assertThat(alice.received).as("login works: nothing yet").isEmpty();
    // Start the entities of u1..u30 (one message each, kept offline) so their shards get homes.
    for (int i = 1; i <= USERS; i++) {
      alice.send("u" + i, "warm-up");
    }
    Map<String, Integer> homes = new HashMap<>();
    Await.until("homes of u1..u" + USERS, WAIT, () -> {
      homes.clear();
      homes.putAll(shardHomes(n0, IntStream.rangeClosed(1, USERS).mapToObj(i -> "u" + i).toList()));
      return homes.size() == USERS;
    });
    String bobUser = firstHomedOn(homes, 1);
    String carolUser = firstHomedOn(homes, 2);
    XmppClient bob = client(balancer.port(), bobUser, "p" + bobUser.substring(1), trust).reconnecting();
    XmppClient carol = client(balancer.port(), carolUser, "p" + carolUser.substring(1), trust).reconnecting();
    assertThat(balancer.chosen().subList(1, 3)).as("round robin: the next two connections go to n1, n2")
        .containsExactly(n1.c2s(), n2.c2s());
    System.out.printf("[figures] receivers: %s (stream and entity on n1), %s (stream and entity on n2)%n",
        bobUser, carolUser);

    // --------------------------------------------------------------------- numbered stream
    // Every tick, alice sends PREFIX-i to each receiver in the list (receivers join it later).
    List<Stream> streams = new CopyOnWriteArrayList<>(List.of(new Stream("b-", bob, 0), new Stream("c-", carol, 0)));
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger ticks = new AtomicInteger();
    AtomicReference<Throwable> senderFailure = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      try {
        for (int i = 0; i < MAX_TICKS && sending.get(); i++) {
          for (Stream st : streams) {
            if (i >= st.fromTick()) {
              alice.send(st.client().user, st.prefix() + i);
            }
          }
          ticks.set(i + 1);
          Thread.sleep(MESSAGE_INTERVAL.toMillis());
        }
      } catch (Throwable e) {
        senderFailure.set(e);
      }
    }, "numbered-stream");
    sender.start();
    Await.until("bob receives the stream", WAIT, () -> countPrefix(bob, "b-") >= 40);

    // ------------------------------------------------------------------ docker stop: drain
    Duration grace = Duration.ofSeconds(n1.chart.podTemplate().getSpec().getTerminationGracePeriodSeconds()
        - Long.parseLong(n1.chart.container().getLifecycle().getPreStop().getExec().getCommand().get(1)));
    int bobBefore = countPrefix(bob, "b-");
    long stopAt = System.nanoTime();
    NodeContainer.StopResult stopped = n1.stop(grace);
    api.deletePod("sb-switchboard-1");
    System.out.printf("[figures] docker stop -t %d of n1: exit code %s after %d ms%n", grace.toSeconds(),
        stopped.exitCode(), stopped.took().toMillis());
    assertThat(stopped.oomKilled()).isFalse();
    assertThat(stopped.exitCode()).as("the JVM exits 0 after its drain (137 = killed after the grace period)").isZero();
    assertThat(stopped.took()).as("within the grace period docker stop was given").isLessThan(grace);
    assertThat(bob.streamErrors).as("n1's client was told").contains("system-shutdown");
    Await.until("bob logged in again through the balancer", WAIT, bob::online);
    Await.until("bob receives again after the drain", WAIT, () -> countPrefix(bob, "b-") > bobBefore + 40);
    Await.until("n1 left: two Up members", WAIT, () -> upMembers(n0) == 2 && !isMember(n0, n1));
    Await.until("n1's shards handed off", WAIT, () -> shardsOn(n0, n1) == 0 && totalShards(n0) > 0);
    System.out.printf("[figures] drain: bob back online after %d ms (stream error %s), n1 gone from the"
        + " members %d ms after docker stop began%n", bob.lastReconnectMs.get(), bob.streamErrors,
        (System.nanoTime() - stopAt) / 1_000_000);

    // ------------------------------------------------------- a new container joins, takes shards
    NodeContainer n3 = new NodeContainer("n3", "127.0.0.14", values, api, tls, secrets);
    nodes.add(n3);
    api.addPod(n3.chart, "sb-switchboard-3", n3.podIp, n3.ports.management());
    n3.start();
    balancer.add(n3.c2s());
    Await.until("three Up members with n3", WAIT, () -> upMembers(n0) == 3 && isMember(n0, n3));
    long joinedAt = System.nanoTime();
    Await.until("n3 takes shards", WAIT, () -> shardsOn(n0, n3) > 0);
    System.out.printf("[figures] joining container n3: start to ready %d ms; took %d shards %d ms after it was Up%n",
        n3.startToReady().toMillis(), shardsOn(n0, n3), (System.nanoTime() - joinedAt) / 1_000_000);
    try (XmppClient dave = XmppClient.login(DOMAIN, n3.ports.c2s(), "u" + USERS, "p" + USERS, "n3", trust)) {
      alice.send("u" + USERS, "hello-n3");
      Await.until("a client of n3 receives from a client of n0", WAIT, () -> dave.received.containsKey("hello-n3"));
    }

    // --------------------------------------------------------------------- docker kill: failover
    // Carol's stream is on n2; the join may have moved her entity away. So one more receiver
    // whose entity lives on n2 now (wherever the balancer puts its stream) joins the stream.
    List<String> pool = IntStream.rangeClosed(1, USERS - 1).mapToObj(i -> "u" + i)
        .filter(u -> !u.equals(bobUser) && !u.equals(carolUser)).toList();
    String erinUser = firstHomedOn(shardHomes(n0, pool), 2);
    XmppClient erin = client(balancer.port(), erinUser, "p" + erinUser.substring(1), trust).reconnecting();
    int erinFrom = ticks.get() + 1;
    streams.add(new Stream("e-", erin, erinFrom));
    Await.until("erin receives the stream", WAIT, () -> countPrefix(erin, "e-") >= 40);
    int shardsOnN2 = shardsOn(n0, n2);
    boolean carolEntityOnN2 = shardHomes(n0, List.of(carolUser)).getOrDefault(carolUser, -1) == 2;
    int carolErrors = carol.streamErrors.size();
    long killAt = System.nanoTime();
    int ticksAtKill = ticks.get();
    n2.kill();
    api.deletePod("sb-switchboard-2");
    Await.until("carol's stream dropped", WAIT, () -> carol.streamErrors.size() > carolErrors);
    Await.until("carol logged in again through the balancer", WAIT, carol::online);
    Await.until("carol receives messages sent after the kill", WAIT,
        () -> IntStream.range(ticksAtKill, ticksAtKill + 200).anyMatch(i -> carol.received.containsKey("c-" + i)));
    long carolBackMs = (System.nanoTime() - killAt) / 1_000_000;
    Await.until("n2 removed: two Up members", WAIT, () -> upMembers(n0) == 2 && !isMember(n0, n2));
    long removedMs = (System.nanoTime() - killAt) / 1_000_000;
    Await.until("erin (entity was on n2) receives messages sent after the kill", WAIT,
        () -> IntStream.range(ticksAtKill, ticksAtKill + 200).anyMatch(i -> erin.received.containsKey("e-" + i)));
    long erinBackMs = (System.nanoTime() - killAt) / 1_000_000;
    System.out.printf("[figures] docker kill of n2 (%d shards there; carol's stream there, her entity too: %s;"
            + " %s's entity there, stream on %s): carol receiving again %d ms after the kill, %s %d ms;"
            + " n2 removed by the split-brain resolver after %d ms%n",
        shardsOnN2, carolEntityOnN2, erinUser, balancer.chosen().get(balancer.chosen().size() - 1),
        carolBackMs, erinUser, erinBackMs, removedMs);

    // ------------------------------------------------------------------------ nothing lost
    sending.set(false);
    sender.join(WAIT.toMillis());
    assertThat(senderFailure.get()).as("the sender on n0 never failed").isNull();
    int sent = ticks.get();
    for (Stream st : streams) {
      alice.send(st.client().user, st.prefix() + "end");
    }
    Await.until("end markers", WAIT,
        () -> streams.stream().allMatch(st -> st.client().received.containsKey(st.prefix() + "end")));
    Map<String, Long> duplicatesLive = new HashMap<>();
    for (Stream st : streams) {
      duplicatesLive.put(st.prefix(), duplicates(st.client(), st.prefix()));
    }
    // What went to offline storage while an entity believed its client gone (and what a closing
    // stream had not had acknowledged) comes with a fresh login, in pages of 100, each after the
    // client acknowledged the one before. A message sent after the login (the marker) is
    // delivered live and can overtake those pages, so the marker shows the login works, not that
    // the backlog is in: every numbered message is waited for (a message that never comes is lost).
    for (Stream st : streams) {
      st.client().loginAgain();
      alice.send(st.client().user, st.prefix() + "marker");
      Await.until(st.prefix() + "marker", WAIT, () -> st.client().received.containsKey(st.prefix() + "marker"));
    }
    assertThat(sent).as("the stream ran through all three events").isGreaterThan(ticksAtKill);
    long backlogFrom = System.nanoTime();
    for (Stream st : streams) {
      int missingAtMarker = lost(st.client(), st.prefix(), st.fromTick(), sent).size();
      Await.quietly(WAIT, () -> lost(st.client(), st.prefix(), st.fromTick(), sent).isEmpty());
      System.out.printf("[figures] %s: %d numbered messages still to come when the markers were in; all in %d ms"
          + " after them%n", st.client().user, missingAtMarker, (System.nanoTime() - backlogFrom) / 1_000_000);
    }
    for (Stream st : streams) {
      Set<String> lost = lost(st.client(), st.prefix(), st.fromTick(), sent);
      System.out.printf("[figures] numbered stream to %s (%s): %d messages, lost %d, duplicates %d (%d of them"
              + " before the final fresh login); %d logins; stream errors %s%n",
          st.client().user, st.prefix(), sent - st.fromTick(), lost.size(), duplicates(st.client(), st.prefix()),
          duplicatesLive.get(st.prefix()), st.client().logins.get(), st.client().streamErrors);
      assertThat(lost).as("messages to %s lost", st.client().user).isEmpty();
    }
  }

  // --------------------------------------------------------------------------------- helpers

  private XmppClient client(int port, String user, String password, X509TrustManager trust) throws Exception {
    XmppClient c = XmppClient.login(DOMAIN, port, user, password, "it", trust);
    closeLast.add(c);
    return c;
  }

  /** A self-signed certificate for the domain, as the chart's TLS Secret (tls.crt, PKCS#8 tls.key). */
  private static Path domainCertificate(Path openssl, Path work) throws Exception {
    Path dir = Files.createDirectories(work.resolve("tls"));
    Tools.Result r = Tools.run(List.of(openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + DOMAIN,
        "-addext", "subjectAltName=DNS:" + DOMAIN, "-keyout", dir.resolve("tls.key").toString(),
        "-out", dir.resolve("tls.crt").toString()), work, null);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String f : List.of("tls.key", "tls.crt")) {
      // A Secret volume's files are readable by the pod's user (fsGroup); here: by everyone.
      Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
    }
    return dir;
  }

  private static X509TrustManager trustOnly(Path pem) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      ks.setCertificateEntry("cluster", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X509TrustManager");
  }

  private static int countPrefix(XmppClient c, String prefix) {
    return (int) c.received.keySet().stream().filter(b -> b.startsWith(prefix)).count();
  }

  /** A numbered stream to one receiver, from a tick on. */
  private record Stream(String prefix, XmppClient client, int fromTick) {}

  private static Set<String> lost(XmppClient c, String prefix, int from, int sent) {
    Set<String> lost = new java.util.TreeSet<>();
    for (int i = from; i < sent; i++) {
      if (!c.received.containsKey(prefix + i)) {
        lost.add(prefix + i);
      }
    }
    return lost;
  }

  private static long duplicates(XmppClient c, String prefix) {
    return c.received.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> e.getValue() - 1).sum();
  }

  private static String firstHomedOn(Map<String, Integer> homes, int node) {
    return homes.entrySet().stream().filter(e -> e.getValue() == node).map(Map.Entry::getKey)
        .sorted().findFirst()
        .orElseThrow(() -> new AssertionError("no user's entity on n" + node + ": " + homes));
  }

  private static int upMembers(NodeContainer asker) {
    JsonNode s = asker.status();
    if (s == null) {
      return -1;
    }
    int up = 0;
    for (JsonNode m : s.path("members")) {
      if (m.path("status").asString().equals("Up")) {
        up++;
      }
    }
    return up;
  }

  private static boolean isMember(NodeContainer asker, NodeContainer node) {
    JsonNode s = asker.status();
    if (s == null) {
      return false;
    }
    for (JsonNode m : s.path("members")) {
      if (m.path("address").asString().endsWith(node.clusterAddressSuffix())) {
        return true;
      }
    }
    return false;
  }

  private static int shardsOn(NodeContainer asker, NodeContainer node) {
    JsonNode s = asker.status();
    if (s == null) {
      return -1;
    }
    for (JsonNode region : s.path("sharding").path("regions")) {
      if (region.path("address").asString().endsWith(node.clusterAddressSuffix())) {
        return region.path("shardIds").size();
      }
    }
    return 0;
  }

  private static int totalShards(NodeContainer asker) {
    JsonNode s = asker.status();
    return s == null ? -1 : s.path("sharding").path("shards").asInt(-1);
  }

  /** For each user whose UserSession shard has a home: the index of the node hosting it. */
  private Map<String, Integer> shardHomes(NodeContainer asker, List<String> users) {
    JsonNode s = asker.status();
    Map<String, Integer> out = new HashMap<>();
    if (s == null) {
      return out;
    }
    for (String u : users) {
      // ShardingSettings: abs(bareJid.hashCode() % number-of-shards), 100 shards by default.
      String shard = Integer.toString(Math.abs((u + "@" + DOMAIN).hashCode() % 100));
      for (JsonNode region : s.path("sharding").path("regions")) {
        for (JsonNode id : region.path("shardIds")) {
          if (id.asString().equals(shard)) {
            for (int i = 0; i < nodes.size(); i++) {
              if (region.path("address").asString().endsWith(nodes.get(i).clusterAddressSuffix())) {
                out.put(u, i);
              }
            }
          }
        }
      }
    }
    return out;
  }
}
