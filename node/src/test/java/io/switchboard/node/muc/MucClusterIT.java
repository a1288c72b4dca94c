package io.switchboard.node.muc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.node.process.NodeProcess;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Multi-user chat on a real three-process cluster (external Cassandra from the test), with real
 * clients: Smack's {@link MultiUserChatManager} occupants on all three nodes and a slixmpp
 * ({@code xep_0045}) occupant on a survivor. One occupant sends a numbered stream of groupchat
 * messages; meanwhile the node hosting the room ({@code GET /switchboard/rooms}) is killed with
 * SIGKILL. The room restarts on a survivor: every message reaches every surviving occupant (0 lost;
 * duplicates counted and printed), the survivors see no leave or join of each other, the occupant
 * whose node died leaves with an unavailable presence, and a newcomer sees exactly the survivors
 * and reads every message from the room's XEP-0313 archive. Then the node the room restarted on is
 * drained (SIGTERM) while an occupant on the last node sends: the room hands off, nothing is lost.
 * Last, the operator's {@code ./switchboard room list} and {@code room destroy}.
 */
@ExtendWith(CassandraExtension.class)
class MucClusterIT {
  private static final Path WORK = Path.of("target", "it-muc-cluster").toAbsolutePath();
  private static final Duration START = Duration.ofSeconds(240);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration FAILOVER = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String ROOM = "stream@conference.localhost";
  private static final int MESSAGES = 200;
  private static final int KILL_AFTER = 50;
  private static final int DRAIN_MESSAGES = 40;

  static {
    SmackConfiguration.setDefaultReplyTimeout(30_000);
  }

  @Test
  void threeNodes_occupantsOnEach_kill9OfTheRoomsNode_noMessageLostNoGhosts() throws Exception {
    Files.createDirectories(WORK);
    Path work = Files.createTempDirectory(WORK, "run-");
    List<NodeProcess> nodes = new ArrayList<>();
    List<XMPPTCPConnection> connections = new ArrayList<>();
    Process slixmpp = null;
    try {
      int[] clusterPorts = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
      String seeds = IntStream.of(clusterPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
      Map<String, String> shared = new HashMap<>();
      shared.put("SWITCHBOARD_CASSANDRA_CONTACT_POINTS", CassandraExtension.contactPoint());
      shared.put("SWITCHBOARD_CASSANDRA_KEYSPACE", "muc_" + Long.toHexString(System.nanoTime()));
      shared.put("SWITCHBOARD_CASSANDRA_USERNAME", CassandraExtension.cassandra().credentials().username());
      shared.put("SWITCHBOARD_CASSANDRA_PASSWORD", CassandraExtension.cassandra().credentials().password());
      shared.put("SWITCHBOARD_SEED_NODES", seeds);
      // 10 s, as ClusterPageIT: with 5 s a heartbeat pause on a loaded 2-core machine can down a healthy node.
      shared.put("SWITCHBOARD_SBR_STABLE_AFTER", "10s");
      // The per-occupant rate limit is not what this test is about: the stream (40/s) and the
      // sessions' resends after the failover (a burst) stay under it.
      shared.put("SWITCHBOARD_MUC_MESSAGE_RATE", "1000");
      shared.put("JAVA_OPTS", "-Xmx384m -Xss1m -Dswitchboard.muc.message-burst=1000");
      for (int i = 0; i < 3; i++) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("SWITCHBOARD_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
        if (i > 0) {
          Path tls = nodes.get(0).dataDir().resolve("tls");
          env.put("SWITCHBOARD_TLS_CERT", tls.resolve("localhost.crt.pem").toString());
          env.put("SWITCHBOARD_TLS_KEY", tls.resolve("localhost.key.pem").toString());
        }
        NodeProcess n = NodeProcess.create("m" + (i + 1), work, env);
        nodes.add(n);
        n.start();
        if (i == 0) {
          n.awaitReady(START);
        }
      }
      for (NodeProcess n : nodes) {
        n.awaitReady(START);
      }
      Path ca = nodes.get(0).dataDir().resolve("tls").resolve("localhost.crt.pem");
      List<String> users = List.of("u1", "u2", "u3", "py", "late");
      for (String user : users) {
        NodeProcess.CommandResult r = nodes.get(0).run("adduser", user + "@localhost", user + "-pw");
        assertThat(r.exitCode()).as(r.output()).isZero();
      }

      // One Smack occupant per node; u1 creates the room (instant), the others join.
      EntityBareJid room = JidCreate.entityBareFrom(ROOM);
      List<MultiUserChat> mucs = new ArrayList<>();
      List<List<String>> bodies = new ArrayList<>();
      List<List<String>> presences = new ArrayList<>();
      List<String> errors = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 3; i++) {
        XMPPTCPConnection c = connect(nodes.get(i), ca, "u" + (i + 1));
        connections.add(c);
        c.addSyncStanzaListener(s -> errors.add(s.toXML().toString()), MessageTypeFilter.ERROR);
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
        List<String> b = new CopyOnWriteArrayList<>();
        List<String> p = new CopyOnWriteArrayList<>();
        muc.addMessageListener(m -> {
          if (m.getBody() != null) {
            b.add(m.getBody());
          }
        });
        muc.addParticipantListener(pr -> p.add(pr.getFrom().getResourceOrEmpty() + " "
            + (pr.getType() == Presence.Type.unavailable ? "unavailable" : "available")));
        if (i == 0) {
          muc.create(Resourcepart.from("n1")).makeInstant();
        } else {
          muc.join(Resourcepart.from("n" + (i + 1)));
        }
        mucs.add(muc);
        bodies.add(b);
        presences.add(p);
      }
      for (MultiUserChat muc : mucs) {
        Await.until("every occupant sees three", WAIT, () -> muc.getOccupantsCount() == 3,
            () -> String.valueOf(muc.getOccupants()));
      }

      int host = host(nodes);
      assertThat(host).as("a node reports the room").isNotNegative();
      List<Integer> survivors = IntStream.range(0, 3).filter(i -> i != host).boxed().toList();
      int senderIndex = survivors.get(0);
      int receiverIndex = survivors.get(1);
      String victimNick = "n" + (host + 1);
      System.out.printf("[figures] muc cluster: room on node %d, sender on node %d, receiver on node %d%n",
          host + 1, senderIndex + 1, receiverIndex + 1);

      // slixmpp joins on the receiver's node (a survivor).
      Path slixLog = Files.createTempFile(work, "slixmpp", ".log");
      boolean python = Files.isExecutable(PYTHON)
          && new ProcessBuilder(PYTHON.toString(), "-c", "import slixmpp").start().waitFor() == 0;
      if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
        assertThat(python).as("python3-slixmpp must be installed").isTrue();
      }
      if (python) {
        Path script = Files.createTempFile(work, "muc_occupant", ".py");
        try (InputStream in = MucClusterIT.class.getResourceAsStream("/slixmpp/muc_occupant.py")) {
          Files.write(script, in.readAllBytes());
        }
        slixmpp = new ProcessBuilder(PYTHON.toString(), script.toString(),
            nodes.get(receiverIndex).env("SWITCHBOARD_C2S_PORT"), "py@localhost/py", "py-pw", ROOM, "snake",
            ca.toString(), "600").redirectErrorStream(true).redirectOutput(slixLog.toFile()).start();
        Await.until("slixmpp joined", WAIT, () -> !lines(slixLog, "JOINED").isEmpty(), () -> read(slixLog));
        for (MultiUserChat muc : mucs) {
          Await.until("every occupant sees four", WAIT, () -> muc.getOccupantsCount() == 4,
              () -> String.valueOf(muc.getOccupants()));
        }
      }
      Set<String> survivorNicks = new HashSet<>(Set.of("n" + (senderIndex + 1), "n" + (receiverIndex + 1)));
      if (python) {
        survivorNicks.add("snake");
      }
      int presencesBefore = presences.get(senderIndex).size();
      int presencesBeforeReceiver = presences.get(receiverIndex).size();
      int slixPresencesBefore = lines(slixLog, "PRESENCE").size();

      // The numbered stream; the room's node is killed with SIGKILL after KILL_AFTER messages.
      MultiUserChat sender = mucs.get(senderIndex);
      long killedAt = 0;
      for (int n = 1; n <= MESSAGES; n++) {
        sender.sendMessage("m-" + n);
        if (n == KILL_AFTER) {
          nodes.get(host).kill9();
          killedAt = System.nanoTime();
        }
        Thread.sleep(25);
      }
      List<String> expected = IntStream.rangeClosed(1, MESSAGES).mapToObj(n -> "m-" + n).toList();
      Await.until("the receiver got every message", FAILOVER,
          () -> bodies.get(receiverIndex).containsAll(expected),
          () -> missing(expected, bodies.get(receiverIndex)) + "; " + errors.size() + " errors, first "
              + errors.subList(0, Math.min(3, errors.size())));
      long lastAt = System.nanoTime();
      Await.until("the sender got every reflection", WAIT, () -> bodies.get(senderIndex).containsAll(expected),
          () -> missing(expected, bodies.get(senderIndex)));
      if (python) {
        Await.until("slixmpp got every message", WAIT, () -> slixBodies(slixLog).containsAll(expected),
            () -> missing(expected, slixBodies(slixLog)));
      }
      System.out.printf("[figures] muc cluster: kill -9 of the room's node after message %d of %d -> all %d on "
          + "the receiver %d ms later; duplicates: receiver %d, sender %d, slixmpp %s%n", KILL_AFTER, MESSAGES,
          MESSAGES, (lastAt - killedAt) / 1_000_000, duplicates(bodies.get(receiverIndex)),
          duplicates(bodies.get(senderIndex)), python ? Integer.toString(duplicates(slixBodies(slixLog))) : "-");
      assertThat(errors).as("errors the clients received").isEmpty();
      // Order per sender is part of groupchat: the first copies arrive in sending order.
      assertThat(firstCopies(bodies.get(receiverIndex))).containsExactlyElementsOf(expected);

      // The occupant whose node died leaves (unavailable) once the cluster removed its node.
      Await.until("the victim's occupant left", FAILOVER,
          () -> presences.get(senderIndex).contains(victimNick + " unavailable")
              && presences.get(receiverIndex).contains(victimNick + " unavailable"),
          () -> presences.get(senderIndex) + " / " + presences.get(receiverIndex));
      if (python) {
        Await.until("slixmpp saw the victim leave", WAIT,
            () -> lines(slixLog, "PRESENCE").stream().anyMatch(l -> l.startsWith("PRESENCE " + victimNick + " unavailable")),
            () -> read(slixLog));
      }
      // No spurious leave or join of the survivors: after the kill, the only occupant presence
      // anyone saw is the victim's departure.
      List<String> after = new ArrayList<>(presences.get(senderIndex).subList(presencesBefore, presences.get(senderIndex).size()));
      after.addAll(presences.get(receiverIndex).subList(presencesBeforeReceiver, presences.get(receiverIndex).size()));
      assertThat(after).as("presences after the kill").allMatch(p -> p.startsWith(victimNick + " "));
      if (python) {
        List<String> slixAfter = lines(slixLog, "PRESENCE");
        assertThat(slixAfter.subList(slixPresencesBefore, slixAfter.size())).as("slixmpp presences after the kill")
            .allMatch(l -> l.startsWith("PRESENCE " + victimNick + " "));
      }
      Set<String> expectedOccupants = survivorNicks.stream().map(n -> ROOM + "/" + n).collect(Collectors.toSet());
      for (int i : survivors) {
        MultiUserChat muc = mucs.get(i);
        Await.until("occupant list of node " + (i + 1), WAIT,
            () -> muc.getOccupants().stream().map(Object::toString).collect(Collectors.toSet()).equals(expectedOccupants),
            () -> String.valueOf(muc.getOccupants()));
      }

      // A newcomer on a survivor sees exactly the surviving occupants (no ghost in the room's state).
      XMPPTCPConnection late = connect(nodes.get(senderIndex), ca, "late");
      connections.add(late);
      MultiUserChat lateMuc = MultiUserChatManager.getInstanceFor(late).getMultiUserChat(room);
      lateMuc.join(Resourcepart.from("late"));
      Set<String> withLate = new HashSet<>(expectedOccupants);
      withLate.add(ROOM + "/late");
      Await.until("the newcomer's occupant list", WAIT,
          () -> lateMuc.getOccupants().stream().map(Object::toString).collect(Collectors.toSet()).equals(withLate),
          () -> String.valueOf(lateMuc.getOccupants()));
      // And the room still takes messages after the failover.
      lateMuc.sendMessage("after");
      Await.until("the receiver got the newcomer's message", WAIT, () -> bodies.get(receiverIndex).contains("after"));

      // XEP-0313 on the room: the newcomer, who saw none of the stream, reads every message from
      // the room's archive (a room sends a message only once archived), in order, across the failover.
      MamManager mam = MamManager.getInstanceFor(lateMuc);
      assertThat(mam.isSupported()).as("the room announces urn:xmpp:mam:2").isTrue();
      MamManager.MamQuery q = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSize(100).build());
      List<String> archived = new ArrayList<>();
      q.getMessages().stream().map(Message::getBody).filter(java.util.Objects::nonNull).forEach(archived::add);
      for (int page = 0; !q.isComplete() && page < 20; page++) {
        q.pageNext(100).stream().map(Message::getBody).filter(java.util.Objects::nonNull).forEach(archived::add);
      }
      System.out.printf("[figures] muc cluster: the room's archive (XEP-0313, pages of 100) holds %d messages, "
          + "%d duplicates%n", archived.size(), duplicates(archived));
      assertThat(q.isComplete()).as("the archive was paged to its end").isTrue();
      assertThat(firstCopies(archived)).containsExactlyElementsOf(expected);
      assertThat(archived).as("the newcomer's message, last").endsWith("after");

      // A drain (SIGTERM) of the node the room restarted on: the room hands off to the last node
      // while that node's occupant keeps sending, and no message is lost.
      int newHost = hostAmong(nodes, survivors);
      assertThat(newHost).as("a survivor runs the room").isNotNegative();
      int last = survivors.get(0) == newHost ? survivors.get(1) : survivors.get(0);
      MultiUserChat stay = mucs.get(last);
      int[] drainExit = {-1};
      Thread drain = new Thread(() -> {
        try {
          drainExit[0] = nodes.get(newHost).sigterm(Duration.ofSeconds(120));
        } catch (Exception e) {
          errors.add("drain: " + e);
        }
      }, "drain");
      long drainStart = System.nanoTime();
      drain.start();
      for (int n = 1; n <= DRAIN_MESSAGES; n++) {
        stay.sendMessage("d-" + n);
        Thread.sleep(50);
      }
      drain.join(Duration.ofSeconds(150).toMillis());
      assertThat(drainExit[0]).as("exit code of the drained node; " + errors).isZero();
      List<String> expectedDrain = IntStream.rangeClosed(1, DRAIN_MESSAGES).mapToObj(n -> "d-" + n).toList();
      Await.until("every message sent during the drain came back", FAILOVER,
          () -> bodies.get(last).containsAll(expectedDrain), () -> missing(expectedDrain, bodies.get(last)));
      System.out.printf("[figures] muc cluster: drain of the room's node %d (exit 0) while node %d's occupant sent "
          + "%d messages: all back %d ms after the SIGTERM%n", newHost + 1, last + 1, DRAIN_MESSAGES,
          (System.nanoTime() - drainStart) / 1_000_000);
      assertThat(hostAmong(nodes, List.of(last))).as("the room now runs on the last node").isEqualTo(last);
      assertThat(bodies.get(last).stream().filter(b -> b.startsWith("d-")).distinct().toList())
          .as("in sending order").containsExactlyElementsOf(expectedDrain);
      assertThat(errors).as("errors the clients received").isEmpty();

      // The operator's CLI (./switchboard room) on the last node: the room is in the cluster-wide
      // list, and destroying it sends its occupants away with the reason and the alternate venue (§10.9).
      NodeProcess op = nodes.get(last);
      NodeProcess.CommandResult listed = op.run("room", "list");
      assertThat(listed.exitCode()).as(listed.output()).isZero();
      assertThat(listed.output()).contains(ROOM);
      List<String> destroyed = new CopyOnWriteArrayList<>();
      stay.addUserStatusListener(new UserStatusListener() {
        @Override
        public void roomDestroyed(MultiUserChat alternate, String password, String reason) {
          destroyed.add(reason + " -> " + (alternate == null ? "none" : alternate.getRoom()));
        }
      });
      String localpart = ROOM.substring(0, ROOM.indexOf('@'));
      NodeProcess.CommandResult gone = op.run("room", "destroy", localpart, "moved on", "--alternate",
          "next@conference.localhost");
      assertThat(gone.exitCode()).as(gone.output()).isZero();
      Await.until("the last occupant was told the room is destroyed", WAIT, () -> !destroyed.isEmpty());
      assertThat(destroyed).containsExactly("moved on -> next@conference.localhost");
      Await.until("the room left the directory", WAIT, () -> {
        try {
          return !op.run("room", "list").output().contains(ROOM);
        } catch (Exception e) {
          return false;
        }
      });
      NodeProcess.CommandResult again = op.run("room", "destroy", localpart);
      assertThat(again.exitCode()).as("a second destroy: no such room; " + again.output()).isEqualTo(1);
      NodeProcess.CommandResult bad = op.run("room", "destroy", "no room@here");
      assertThat(bad.exitCode()).as("not a room name; " + bad.output()).isEqualTo(2);
    } finally {
      if (slixmpp != null) {
        slixmpp.destroyForcibly();
      }
      for (XMPPTCPConnection c : connections) {
        try {
          c.disconnect();
        } catch (RuntimeException e) {
          // the node may be gone
        }
      }
      for (NodeProcess n : nodes) {
        n.close();
      }
    }
  }

  /** A Smack client of {@code node} (user {@code user}, password {@code user-pw}) trusting the cluster's certificate. */
  private static XMPPTCPConnection connect(NodeProcess node, Path ca, String user) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain("localhost").setHost("127.0.0.1").setPort(Integer.parseInt(node.env("SWITCHBOARD_C2S_PORT")))
        .setUsernameAndPassword(user, user + "-pw").setResource("smack").setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(SmackClients.trustOnly(ca)).build());
    c.connect().login();
    return c;
  }

  /** The index of the node whose MucRoom region runs the room, or -1. */
  private static int host(List<NodeProcess> nodes) throws IOException {
    return hostAmong(nodes, IntStream.range(0, nodes.size()).boxed().toList());
  }

  /** As {@link #host}, asking only the nodes at {@code indices} (the others may be gone). */
  private static int hostAmong(List<NodeProcess> nodes, List<Integer> indices) throws IOException {
    for (int i : indices) {
      JsonNode local = JSON.readTree(nodes.get(i).body("/switchboard/rooms"));
      for (JsonNode shard : local.path("shards")) {
        for (JsonNode r : shard.path("rooms")) {
          if (r.asText().equals(ROOM)) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  private static List<String> firstCopies(List<String> bodies) {
    return bodies.stream().filter(b -> b.startsWith("m-")).distinct().toList();
  }

  private static int duplicates(List<String> bodies) {
    Map<String, Long> counts = bodies.stream().filter(b -> b.startsWith("m-"))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    return (int) counts.values().stream().mapToLong(c -> c - 1).sum();
  }

  private static String missing(List<String> expected, List<String> got) {
    Set<String> have = new HashSet<>(got);
    List<String> m = expected.stream().filter(e -> !have.contains(e)).toList();
    return m.size() + " missing: " + m.subList(0, Math.min(20, m.size()));
  }

  private static List<String> slixBodies(Path log) {
    return lines(log, "MSG").stream().map(l -> l.split(" ", 3)).filter(a -> a.length == 3).map(a -> a[2]).toList();
  }

  private static List<String> lines(Path log, String prefix) {
    return read(log).lines().filter(l -> l.startsWith(prefix + " ") || l.equals(prefix)).toList();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
