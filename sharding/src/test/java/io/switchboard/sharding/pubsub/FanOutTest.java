package io.switchboard.sharding.pubsub;

import static io.switchboard.sharding.pubsub.PubSubFixture.SERVICE;
import static io.switchboard.sharding.pubsub.PubSubFixture.entry;
import static io.switchboard.sharding.pubsub.PubSubFixture.ps;
import static io.switchboard.sharding.pubsub.PubSubFixture.publish;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsub;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node with 10,000 subscribers: one publish reaches every one of them, in batches, while the
 * node keeps answering. The time to hand all notifications to the routing is logged (a figure for
 * the notes, not an assertion).
 */
class FanOutTest {
  private static final Logger log = LoggerFactory.getLogger(FanOutTest.class);
  private static final int SUBSCRIBERS = 10_000;
  private static final int WINDOW = 500;

  private static final ActorTestKit kit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static XmlElement iq(String from, String type, XmlElement payload, String id) {
    return XmlElement.builder("iq", "jabber:client").attr("from", from).attr("to", SERVICE)
        .attr("type", type).attr("id", id).child(payload).build();
  }

  @Test
  void publish_toNodeWith10000Subscribers_routesOneNotificationToEach() {
    PubSubFixture f = new PubSubFixture(kit, PubSubSettings.defaults());
    String owner = "owner@example.com/x";
    assertThat(f.iq(owner, "set", pubsub(ps("create", "node", "big"))).attr("type"))
        .isEqualTo("result");

    // At most WINDOW requests in flight: an entity stashes commands while it persists, and its
    // stash (pekko.persistence.typed.stash-capacity) is bounded.
    long t0 = System.nanoTime();
    int sent = 0;
    for (int answered = 0; answered < SUBSCRIBERS; answered++) {
      while (sent < SUBSCRIBERS && sent - answered < WINDOW) {
        String jid = "user" + sent + "@example.com/r";
        f.service.handle(iq(jid, "set", pubsub(ps("subscribe", "node", "big", "jid", jid)),
            "s" + sent), f.replies);
        sent++;
      }
      XmlElement r = f.replies.next(Duration.ofSeconds(30));
      assertThat(r.attr("type")).as(r.toString()).isEqualTo("result");
    }
    long subscribed = System.nanoTime();

    f.service.handle(iq(owner, "set", publish("big", "news", entry("hello")), "p"), f.replies);
    assertThat(f.replies.next().attr("type")).isEqualTo("result");
    long answered = System.nanoTime();
    Set<String> recipients = new HashSet<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      XmlElement n = f.notifications.next();
      assertThat(n.attr("from")).isEqualTo(SERVICE);
      recipients.add(n.attr("to"));
    }
    long notified = System.nanoTime();

    assertThat(recipients).hasSize(SUBSCRIBERS);
    assertThat(f.notifications.drain()).isEmpty();
    log.info("fan-out: {} subscriptions in {} ms; publish answered after {} ms; all {} "
            + "notifications routed {} ms after the publish was sent",
        SUBSCRIBERS, (subscribed - t0) / 1_000_000, (answered - subscribed) / 1_000_000,
        SUBSCRIBERS, (notified - subscribed) / 1_000_000);
  }

  @Test
  void create_severalMessages_eachRecipientGetsThemInOrder() {
    io.switchboard.sharding.testing.RecordingRouting routed = new io.switchboard.sharding.testing.RecordingRouting();
    java.util.List<XmlElement> messages = java.util.List.of(
        XmlElement.builder("message", "jabber:client").attr("id", "m1").build(),
        XmlElement.builder("message", "jabber:client").attr("id", "m2").build());
    kit.spawn(FanOut.create(routed, messages, java.util.List.of("a@example.com", "b@example.com"), null, 1));
    java.util.List<String> got = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      XmlElement m = routed.next();
      got.add(m.attr("to") + " " + m.attr("id"));
    }
    assertThat(got).containsExactly("a@example.com m1", "a@example.com m2", "b@example.com m1", "b@example.com m2");
  }
}
