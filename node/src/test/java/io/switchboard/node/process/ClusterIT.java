package io.switchboard.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.protocol.jid.Jids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemDeleteEvent;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.listener.ItemDeleteListener;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue #4, first slice: three node processes (the first with the embedded Cassandra, every node
 * seeded with the same list, first node first, as {@code ./switchboard cluster} does), Smack
 * clients on different nodes. Proves cross-node presence subscription and presence, in-order
 * exactly-once delivery of a numbered stream between clients on nodes 2 and 3, and that
 * {@code /switchboard/status} shows three Up members, the UserSession entities and the sessions.
 * Issue #5 across nodes: pub-sub publish and retract notifications, and a PEP notification to a
 * contact on another node whose caps announce +notify.
 */
class ClusterIT {
  private static final Path WORK = Path.of("target", "it-cluster").toAbsolutePath();
  private static final Duration START = Duration.ofSeconds(240);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int MESSAGES = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    SmackConfiguration.setDefaultReplyTimeout(30_000);
  }

  @Test
  void threeNodes_clientsOnDifferentNodes_presenceAndOrderedChatAcrossNodes() throws Exception {
    Files.createDirectories(WORK);
    // A fresh directory per run: accounts and journals of an earlier run must not leak in.
    Path work = Files.createTempDirectory(WORK, "run-");
    int[] clusterPorts = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
    String seeds = String.join(",",
        IntStream.of(clusterPorts).mapToObj(p -> "127.0.0.1:" + p).toList());
    try (NodeProcess n1 = NodeProcess.create("c1", work, Map.of(
            "SWITCHBOARD_CLUSTER_PORT", Integer.toString(clusterPorts[0]), "SWITCHBOARD_SEED_NODES", seeds))) {
      long t0 = System.nanoTime();
      n1.start();
      n1.awaitReady(START);
      long firstReady = System.nanoTime();
      Map<String, String> cassandra =
          Map.of("SWITCHBOARD_CASSANDRA_CONTACT_POINTS", "127.0.0.1:" + n1.env("SWITCHBOARD_CASSANDRA_PORT"),
              "SWITCHBOARD_SEED_NODES", seeds);
      try (NodeProcess n2 = NodeProcess.create("c2", work, with(cassandra, clusterPorts[1]));
          NodeProcess n3 = NodeProcess.create("c3", work, with(cassandra, clusterPorts[2]))) {
        n2.start();
        n3.start();
        n2.awaitReady(START);
        n3.awaitReady(START);
        long allReady = System.nanoTime();
        System.out.printf("[figures] node 1 (with Cassandra) ready in %d ms; nodes 2+3 joined and ready %d ms later;"
                + " 3-node cluster formed in %d ms%n",
            (firstReady - t0) / 1_000_000, (allReady - firstReady) / 1_000_000, (allReady - t0) / 1_000_000);

        for (String user : List.of("alice", "bob", "carol", "dave", "erin")) {
          NodeProcess.CommandResult r = n1.run("adduser", user + "@localhost", user + "-pw");
          assertThat(r.exitCode()).as(r.output()).isZero();
        }

        XMPPTCPConnection alice = login(n1, "alice");
        XMPPTCPConnection bob = login(n2, "bob");
        XMPPTCPConnection carol = login(n3, "carol");
        try {
          presence_subscriptionAcrossNodes_bothSeeEachOther(alice, bob);
          chat_numberedStreamFromNode2ToNode3_deliveredOnceInOrder(bob, carol);
          pubsub_publishAndRetractFromNode1_notifiedOnNode3(alice, carol);
          pep_publishOnNode1_contactWithNotifyOnNode2Notified(alice, bob);
          carbonsAndMam_twoResourcesOnDifferentNodes_seeBothSidesAndTheHistory(n1, n2, n3);
          status_threeUpMembersAndOneSessionPerNode(n1, n2, n3);
        } finally {
          alice.disconnect();
          bob.disconnect();
          carol.disconnect();
        }
      }
    }
  }

  private static void presence_subscriptionAcrossNodes_bothSeeEachOther(XMPPTCPConnection alice, XMPPTCPConnection bob)
      throws Exception {
    Roster aliceRoster = Roster.getInstanceFor(alice);
    Roster bobRoster = Roster.getInstanceFor(bob);
    aliceRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
    bobRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
    aliceRoster.reloadAndWait();
    bobRoster.reloadAndWait();

    aliceRoster.createItemAndRequestSubscription(bare("bob"), "Bob", null);
    awaitTrue("alice has a 'to' subscription to bob", () -> entryType(aliceRoster, "bob") == RosterPacket.ItemType.to
        || entryType(aliceRoster, "bob") == RosterPacket.ItemType.both);
    bobRoster.createItemAndRequestSubscription(bare("alice"), "Alice", null);
    awaitTrue("mutual subscription", () -> entryType(aliceRoster, "bob") == RosterPacket.ItemType.both
        && entryType(bobRoster, "alice") == RosterPacket.ItemType.both);
    awaitTrue("alice (node 1) and bob (node 2) see each other available",
        () -> aliceRoster.getPresence(bare("bob")).isAvailable() && bobRoster.getPresence(bare("alice")).isAvailable());
  }

  private static void chat_numberedStreamFromNode2ToNode3_deliveredOnceInOrder(
      XMPPTCPConnection bob, XMPPTCPConnection carol) throws Exception {
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch end = new CountDownLatch(1);
    // A synchronous listener: Smack calls it in arrival order (asynchronous ones may run out of order).
    carol.addSyncStanzaListener(
        stanza -> {
          String body = ((Message) stanza).getBody();
          if ("end".equals(body)) {
            end.countDown();
          } else if (body != null) {
            received.add(body);
          }
        },
        MessageTypeFilter.CHAT);
    for (int i = 0; i < MESSAGES; i++) {
      bob.sendStanza(bob.getStanzaFactory().buildMessageStanza()
          .to(bare("carol")).ofType(Message.Type.chat).setBody("m-" + i).build());
    }
    // The end marker travels the same path after the numbered ones: once it arrived, everything
    // sent before it had its chance, so the list below is complete (no time-based wait).
    bob.sendStanza(bob.getStanzaFactory().buildMessageStanza()
        .to(bare("carol")).ofType(Message.Type.chat).setBody("end").build());
    assertThat(end.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("end marker delivered; got " + received.size()).isTrue();
    List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "m-" + i).toList();
    synchronized (received) {
      System.out.printf("[figures] node 2 -> node 3 chat: sent %d, received %d, distinct %d%n",
          MESSAGES, received.size(), received.stream().distinct().count());
      assertThat(received).as("delivered once each, in order").containsExactlyElementsOf(expected);
    }
  }

  /** XEP-0060: the node entity, the publisher and the subscriber each on their own cluster node. */
  private static void pubsub_publishAndRetractFromNode1_notifiedOnNode3(
      XMPPTCPConnection alice, XMPPTCPConnection carol) throws Exception {
    LeafNode news = PubSubManager.getInstanceFor(alice).createNode("cluster-news");
    LeafNode carolNews = PubSubManager.getInstanceFor(carol).getLeafNode("cluster-news");
    List<String> published = Collections.synchronizedList(new ArrayList<>());
    List<String> retracted = Collections.synchronizedList(new ArrayList<>());
    carolNews.addItemEventListener(event -> event.getItems().forEach(i -> published.add(((Item) i).getId())));
    carolNews.addItemDeleteListener(new ItemDeleteListener() {
      @Override
      public void handleDeletedItems(ItemDeleteEvent event) {
        retracted.addAll(event.getItemIds());
      }

      @Override
      public void handlePurge() {
      }
    });
    carolNews.subscribe(carol.getUser().asEntityBareJid());
    news.publish(new PayloadItem<>("n-1", new SimplePayload("<entry xmlns='http://www.w3.org/2005/Atom'><title>one</title></entry>")));
    awaitTrue("publish notification on node 3", () -> published.contains("n-1"));
    news.deleteItem("n-1");
    awaitTrue("retract notification on node 3", () -> retracted.contains("n-1"));
    System.out.println("[figures] pub-sub across nodes: publish and retract notified on node 3");
  }

  /**
   * Issue #18: Dave's phone on node 1 and laptop on node 3, both with XEP-0280 carbons, Erin on
   * node 2. Each of Dave's devices sees both sides of the conversation: what Erin sends to the
   * phone, and what the other device sends. Then a fresh login of Dave on node 2 pages the whole
   * conversation from his XEP-0313 archive, in order.
   */
  private static void carbonsAndMam_twoResourcesOnDifferentNodes_seeBothSidesAndTheHistory(
      NodeProcess n1, NodeProcess n2, NodeProcess n3) throws Exception {
    XMPPTCPConnection phone = SmackClients.connect(n1, "dave", "dave-pw", "phone");
    XMPPTCPConnection laptop = SmackClients.connect(n3, "dave", "dave-pw", "laptop");
    XMPPTCPConnection erin = SmackClients.connect(n2, "erin", "erin-pw", "desk");
    XMPPTCPConnection fresh = null;
    try {
      List<String> atPhone = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<String> atLaptop = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (var pair : List.of(Map.entry(phone, atPhone), Map.entry(laptop, atLaptop))) {
        org.jivesoftware.smackx.carbons.CarbonManager carbons =
            org.jivesoftware.smackx.carbons.CarbonManager.getInstanceFor(pair.getKey());
        carbons.enableCarbons();
        carbons.addCarbonCopyReceivedListener((direction, copy, wrapping) ->
            pair.getValue().add(direction + ":" + copy.getBody()));
        pair.getKey().addSyncStanzaListener(st -> pair.getValue().add("direct:" + ((Message) st).getBody()),
            st -> st instanceof Message m && m.getBody() != null
                && !m.hasExtension(org.jivesoftware.smackx.carbons.packet.CarbonExtension.NAMESPACE));
      }
      erin.sendStanza(erin.getStanzaFactory().buildMessageStanza().to(JidCreate.from("dave@localhost/phone"))
          .ofType(Message.Type.chat).setBody("hello phone").build());
      // Each next message only once the previous one arrived, so the archive's order is certain.
      awaitTrue("the phone got erin's message", () -> atPhone.contains("direct:hello phone"));
      phone.sendStanza(phone.getStanzaFactory().buildMessageStanza().to(bare("erin"))
          .ofType(Message.Type.chat).setBody("from the phone").build());
      awaitTrue("the laptop got the phone's sent copy", () -> atLaptop.contains("sent:from the phone"));
      laptop.sendStanza(laptop.getStanzaFactory().buildMessageStanza().to(bare("erin"))
          .ofType(Message.Type.chat).setBody("from the laptop").build());
      awaitTrue("each device saw both sides", () -> atPhone.containsAll(List.of("direct:hello phone",
          "sent:from the laptop")) && atLaptop.containsAll(List.of("received:hello phone", "sent:from the phone")));
      System.out.println("[figures] carbons across nodes: phone (node 1) " + atPhone + ", laptop (node 3) " + atLaptop);

      fresh = SmackClients.connect(n2, "dave", "dave-pw", "reinstalled");
      org.jivesoftware.smackx.mam.MamManager mam = org.jivesoftware.smackx.mam.MamManager.getInstanceFor(fresh);
      assertThat(mam.isSupported()).isTrue();
      List<String> history = new ArrayList<>();
      awaitTrue("dave's archive holds the three messages", () -> {
        try {
          history.clear();
          org.jivesoftware.smackx.mam.MamManager.MamQuery q = mam.queryArchive(
              org.jivesoftware.smackx.mam.MamManager.MamQueryArgs.builder().limitResultsToJid(bare("erin"))
                  .setResultPageSize(2).build());
          q.getMessages().forEach(m -> history.add(m.getBody()));
          while (!q.isComplete()) {
            q.pageNext(2).forEach(m -> history.add(m.getBody()));
          }
          return history.size() == 3;
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(history).containsExactly("hello phone", "from the phone", "from the laptop");
    } finally {
      phone.disconnect();
      laptop.disconnect();
      erin.disconnect();
      if (fresh != null) {
        fresh.disconnect();
      }
    }
  }

  /** XEP-0163: Bob (node 2) announces +notify in his caps; Alice's PEP publish (node 1) reaches him. */
  private static void pep_publishOnNode1_contactWithNotifyOnNode2Notified(
      XMPPTCPConnection alice, XMPPTCPConnection bob) throws Exception {
    String node = "urn:example:switchboard:cluster-mood";
    List<String> atBob = new java.util.concurrent.CopyOnWriteArrayList<>();
    bob.addSyncStanzaListener(st -> {
      String xml = st.toXML().toString();
      if (xml.contains("pubsub#event") && xml.contains(node)) {
        atBob.add(xml);
      }
    }, MessageTypeFilter.NORMAL_OR_CHAT_OR_HEADLINE);
    // A new feature makes Smack send presence with new caps, which Alice's entity resolves.
    ServiceDiscoveryManager.getInstanceFor(bob).addFeature(node + "+notify");
    PepManager pep = PepManager.getInstanceFor(alice);
    for (int i = 0; i < 30 && atBob.isEmpty(); i++) {
      pep.publish(node, new PayloadItem<>("m" + i, new SimplePayload("<mood xmlns='" + node + "'/>")));
      Thread.sleep(500);
    }
    assertThat(atBob).as("PEP notification across nodes").isNotEmpty();
  }

  private static void status_threeUpMembersAndOneSessionPerNode(NodeProcess... nodes) throws Exception {
    for (NodeProcess node : nodes) {
      awaitTrue("status of " + node.env("SWITCHBOARD_MANAGEMENT_PORT"), () -> {
        JsonNode s = status(node);
        if (s == null || !s.path("sharding").path("error").isNull()) {
          return false;
        }
        List<String> up = new ArrayList<>();
        s.path("members").forEach(m -> up.add(m.path("status").asText()));
        return up.equals(List.of("Up", "Up", "Up"));
      });
      JsonNode s = status(node);
      System.out.println("[figures] /switchboard/status on management port "
          + node.env("SWITCHBOARD_MANAGEMENT_PORT") + ": " + s);
      List<String> statuses = new ArrayList<>();
      s.path("members").forEach(m -> statuses.add(m.path("status").asText()));
      assertThat(statuses).containsExactly("Up", "Up", "Up");
      assertThat(s.path("sessions").isInt()).as("sessions reported (node wired NodeStatus)").isTrue();
      assertThat(s.path("sessions").asInt()).as("one client stream on each node").isEqualTo(1);
      assertThat(s.path("sharding").path("entityType").asText()).isEqualTo("UserSession");
      assertThat(s.path("sharding").path("entities").asInt()).as("alice, bob and carol's entities").isGreaterThanOrEqualTo(3);
    }
    JsonNode s = status(nodes[0]);
    System.out.printf("[figures] UserSession entities: alice (connected to node 1) on %s, bob (node 2) on %s,"
            + " carol (node 3) on %s%n",
        hostOf(s, "alice", nodes), hostOf(s, "bob", nodes), hostOf(s, "carol", nodes));
  }

  /**
   * Which node's region hosts a user's UserSession shard (HashCodeMessageExtractor over the bare
   * JID with the default 100 shards), for the report only: placement is sharding's choice.
   */
  private static String hostOf(JsonNode status, String user, NodeProcess... nodes) {
    String shard = Integer.toString(Math.abs((user + "@localhost").hashCode() % 100));
    for (JsonNode region : status.path("sharding").path("regions")) {
      for (JsonNode id : region.path("shardIds")) {
        if (id.asText().equals(shard)) {
          String address = region.path("address").asText();
          for (int i = 0; i < nodes.length; i++) {
            if (address.endsWith(":" + nodes[i].env("SWITCHBOARD_CLUSTER_PORT"))) {
              return "node " + (i + 1) + " (shard " + shard + ")";
            }
          }
          return address + " (shard " + shard + ")";
        }
      }
    }
    return "unknown (shard " + shard + ")";
  }

  private static JsonNode status(NodeProcess node) {
    String body = node.body("/switchboard/status");
    if (body.isEmpty()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  private static Map<String, String> with(Map<String, String> base, int clusterPort) {
    Map<String, String> env = new java.util.HashMap<>(base);
    env.put("SWITCHBOARD_CLUSTER_PORT", Integer.toString(clusterPort));
    return env;
  }

  private static XMPPTCPConnection login(NodeProcess node, String user) throws Exception {
    return SmackClients.connect(node, user, user + "-pw", "cluster-it");
  }

  private static EntityBareJid bare(String user) {
    return Jids.bare(user + "@localhost");
  }

  private static RosterPacket.ItemType entryType(Roster roster, String user) {
    RosterEntry e = roster.getEntry(bare(user));
    return e == null ? null : e.getType();
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, WAIT, condition);
  }
}
