package io.switchboard.sharding.pubsub;

import static io.switchboard.sharding.pubsub.PubSubFixture.condition;
import static io.switchboard.sharding.pubsub.PubSubFixture.entry;
import static io.switchboard.sharding.pubsub.PubSubFixture.errorType;
import static io.switchboard.sharding.pubsub.PubSubFixture.ps;
import static io.switchboard.sharding.pubsub.PubSubFixture.publish;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsub;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsubCondition;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.quota.AccountQuotas;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Issue #23 F9: PEP nodes per account, subscriptions per account at a node, cross-node queries. */
class PubSubQuotaTest {
  private static final String ALICE = "alice@example.com/phone";
  private static final String MALLORY = "mallory@example.com";
  private static final AccountQuotas SMALL = new AccountQuotas(1000, 1 << 20, 1000, 3, 2, 4096, 8192, 2, 1000, 64);

  private static final ActorTestKit kit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private final PubSubFixture f = new PubSubFixture(kit, PubSubSettings.defaults(), SMALL);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private void awaitDirectory(String service, int size) {
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertThat(f.gateway.directory(service).toCompletableFuture().join().nodes()).hasSize(size);
      return null;
    });
  }

  @Test
  void pepPublish_autoCreatingPastPepNodes_notAllowedMaxNodesExceeded_existingStillPublishable() {
    for (int i = 0; i < 3; i++) {
      XmlElement r = f.iqTo("alice@example.com", ALICE, "set", publish("urn:example:n" + i, "current", entry("x")));
      assertThat(r.attr("type")).as(r.toString()).isEqualTo("result");
    }
    awaitDirectory("alice@example.com", 3);

    XmlElement refused = f.iqTo("alice@example.com", ALICE, "set", publish("urn:example:n3", "current", entry("x")));
    XmlElement create = f.iqTo("alice@example.com", ALICE, "set", pubsub(ps("create", "node", "urn:example:n4")));

    assertThat(condition(refused)).isEqualTo("not-allowed");
    assertThat(pubsubCondition(refused)).isEqualTo("max-nodes-exceeded");
    assertThat(errorType(refused)).isEqualTo("cancel");
    assertThat(pubsubCondition(create)).isEqualTo("max-nodes-exceeded");
    assertThat(f.iqTo("alice@example.com", ALICE, "set", publish("urn:example:n1", "again", entry("y"))).attr("type"))
        .isEqualTo("result");
  }

  @Test
  void subscribe_madeUpResourcesOfOwnJid_pastSubscriptionsPerNode_tooManySubscriptions() {
    String node = "open-news";
    assertThat(f.iq(ALICE, "set", pubsub(ps("create", "node", node))).attr("type")).isEqualTo("result");

    List<String> types = new java.util.ArrayList<>();
    XmlElement last = null;
    for (String jid : List.of(MALLORY, MALLORY + "/fake1", MALLORY + "/fake2")) {
      last = f.iq(MALLORY + "/real", "set", pubsub(ps("subscribe", "node", node, "jid", jid)));
      types.add(last.attr("type"));
    }

    assertThat(types).containsExactly("result", "result", "error");
    assertThat(condition(last)).isEqualTo("not-allowed");
    assertThat(pubsubCondition(last)).isEqualTo("too-many-subscriptions");
    // Another account is not affected by Mallory's subscriptions.
    assertThat(f.iq(ALICE, "set", pubsub(ps("subscribe", "node", node, "jid", ALICE))).attr("type")).isEqualTo("result");
  }

  @Test
  void nodeLessSubscriptions_asksAtMostCrossNodeQueryNodes() {
    for (String n : List.of("a", "b", "c")) {
      assertThat(f.iq(ALICE, "set", pubsub(ps("create", "node", n))).attr("type")).isEqualTo("result");
      assertThat(f.iq(ALICE, "set", pubsub(ps("subscribe", "node", n, "jid", ALICE))).attr("type")).isEqualTo("result");
    }
    awaitDirectory(PubSubFixture.SERVICE, 3);

    XmlElement r = f.iq(ALICE, "get", pubsub(ps("subscriptions")));

    List<String> nodes = r.child("pubsub", PubSubNamespaces.PUBSUB).orElseThrow()
        .child("subscriptions", PubSubNamespaces.PUBSUB).orElseThrow().elements().stream()
        .map(e -> e.attr("node")).toList();
    assertThat(nodes).containsExactly("a", "b");
  }

  @Test
  void publish_itemsPastNodeItemBytes_notAcceptablePayloadTooBig_replacingAnItemCountsOnce() {
    XmlElement config = XmlElement.builder("configure", PubSubNamespaces.PUBSUB).child(PubSubFixture.configForm(
        "pubsub#max_items", "100")).build();
    assertThat(f.iq(ALICE, "set", pubsub(ps("create", "node", "big"), config)).attr("type")).isEqualTo("result");
    String kib = "k".repeat(1000);
    List<String> types = new java.util.ArrayList<>();
    XmlElement last = null;
    for (int i = 0; i < 9; i++) {
      last = f.iq(ALICE, "set", publish("big", "i" + i, entry(kib)));
      types.add(last.attr("type"));
    }

    // 8192 bytes hold seven items of ~1.1 KB; the eighth would pass it.
    assertThat(types).containsExactly("result", "result", "result", "result", "result", "result", "result",
        "error", "error");
    assertThat(condition(last)).isEqualTo("not-acceptable");
    assertThat(pubsubCondition(last)).isEqualTo("payload-too-big");
    assertThat(f.iq(ALICE, "set", publish("big", "i0", entry("small"))).attr("type")).as("replacing an item")
        .isEqualTo("result");
  }

  @Test
  void pepPublish_oneItemPastPepNodeItemBytes_payloadTooBig() {
    XmlElement r = f.iqTo("alice@example.com", ALICE, "set", publish("urn:example:avatar", "a", entry("a".repeat(5000))));
    assertThat(pubsubCondition(r)).isEqualTo("payload-too-big");
  }

  @Test
  void pepPublish_existingNode_asksTheDirectoryNothing_onlyACreatingPublishReservesASlot() {
    String bob = "bob@example.com";
    int listsBefore = f.gateway.directoryAsks();
    int reservesBefore = f.gateway.reserveAsks();
    assertThat(f.iqTo(bob, bob + "/a", "set", publish("urn:example:mood", "1", entry("x"))).attr("type"))
        .isEqualTo("result");
    assertThat(f.gateway.reserveAsks() - reservesBefore).as("the creating publish").isEqualTo(1);

    for (int i = 2; i <= 5; i++) {
      assertThat(f.iqTo(bob, bob + "/a", "set", publish("urn:example:mood", "" + i, entry("x"))).attr("type"))
          .isEqualTo("result");
    }

    // Before issue #23 F9 was fixed every PEP publish asked the directory for its node list: 5 asks.
    assertThat(f.gateway.directoryAsks() - listsBefore).as("node-list asks").isZero();
    assertThat(f.gateway.reserveAsks() - reservesBefore).as("slot asks").isEqualTo(1);
    // A publish that fails before creating anything (a stranger's) asks nothing either.
    assertThat(f.iqTo(bob, MALLORY + "/m", "set", publish("urn:example:other", "1", entry("x"))).attr("type"))
        .isEqualTo("error");
    assertThat(f.gateway.reserveAsks() - reservesBefore).isEqualTo(1);
  }
}
