package io.switchboard.sharding.pubsub;

import static io.switchboard.sharding.pubsub.PubSubFixture.configForm;
import static io.switchboard.sharding.pubsub.PubSubFixture.entry;
import static io.switchboard.sharding.pubsub.PubSubFixture.ps;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.feed.FeedAttachments;
import io.switchboard.sharding.pubsub.PubSubNode.Command;
import io.switchboard.sharding.pubsub.PubSubNode.Event;
import io.switchboard.sharding.pubsub.PubSubNode.FeedItem;
import io.switchboard.sharding.pubsub.PubSubNode.FeedPublish;
import io.switchboard.sharding.pubsub.PubSubNode.FeedPublished;
import io.switchboard.sharding.pubsub.PubSubNode.Reply;
import io.switchboard.sharding.pubsub.PubSubNode.Request;
import io.switchboard.sharding.testing.RecordingRouting;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node with {@code pubsub#feed_url}: attachments are told to feeds, batches of the feed are
 * published once (the high-water mark survives restarts), other feeds' batches are refused.
 */
class FeedPublishTest {
  private static final String SERVICE = "pubsub.example.com";
  private static final String ALICE = "alice@example.com/phone";
  private static final String FEED = "https://news.example.com/rss";

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private final RecordingRouting routed = new RecordingRouting();
  private final List<String> told = new CopyOnWriteArrayList<>();
  private EventSourcedBehaviorTestKit<Command, Event, NodeState> kit;

  @BeforeEach
  void start() {
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    FeedAttachments feeds = new FeedAttachments() {
      @Override
      public void attach(String url, String target, int intervalSeconds) {
        told.add("attach " + url + " " + target + " " + intervalSeconds);
      }

      @Override
      public void detach(String url, String target) {
        told.add("detach " + url + " " + target);
      }
    };
    PubSubNode.Deps deps = new PubSubNode.Deps(routed, OwnerRelations.none(), PepAudience.nobody(),
        Clock.fixed(PubSubFixture.NOW, ZoneOffset.UTC), jid -> false, new PubSubNode.NodeRegistry() {
          @Override
          public void created(String service, String node) {}

          @Override
          public void deleted(String service, String node) {}
        }, feeds);
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        PubSubNode.create(SERVICE, "news", shard.ref(), PubSubSettings.defaults(), deps),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private XmlElement send(String from, String type, XmlElement payload) {
    XmlElement iq = XmlElement.builder("iq", "jabber:client").attr("from", from)
        .attr("to", SERVICE).attr("type", type).attr("id", "r1").child(payload).build();
    EventSourcedBehaviorTestKit.CommandResultWithReply<Command, Event, NodeState, Reply> r =
        kit.runCommand(replyTo -> new Request(from, iq, null, replyTo));
    return r.reply().stanza();
  }

  private XmlElement createWithFeed(String url) {
    return send(ALICE, "set", XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
        .child(ps("create", "node", "news"))
        .child(XmlElement.builder("configure", PubSubNamespaces.PUBSUB)
            .child(configForm("pubsub#feed_url", url, "pubsub#feed_interval", "300")))
        .build());
  }

  private FeedPublished publish(String source, long seq, String... ids) {
    TestProbe<FeedPublished> probe = testKit.createTestProbe();
    List<FeedItem> items = java.util.Arrays.stream(ids).map(id -> new FeedItem(id, entry(id))).toList();
    kit.runCommand(new FeedPublish(source, seq, items, probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void create_withFeedUrl_normalisedAndAttached() {
    assertThat(createWithFeed("HTTPS://News.Example.com:443/rss#top").attr("type")).isEqualTo("result");
    assertThat(kit.getState().config().feedUrl()).isEqualTo(FEED);
    assertThat(told).containsExactly("attach " + FEED + " " + SERVICE + "/news 300");
  }

  @Test
  void create_withANonHttpFeedUrl_notAcceptable() {
    XmlElement answer = createWithFeed("file:///etc/passwd");
    assertThat(PubSubFixture.condition(answer)).isEqualTo("not-acceptable");
    assertThat(told).isEmpty();
  }

  @Test
  void feedPublish_batchOnce_sameBatchAgainAcknowledgedWithoutPublishing_evenAfterRestart() {
    createWithFeed(FEED);
    send("bob@example.com/tv", "set", PubSubFixture.pubsub(ps("subscribe", "node", "news", "jid", "bob@example.com/tv")));
    routed.drain();
    assertThat(publish(FEED, 1, "e1", "e2").attached()).isTrue();
    assertThat(kit.getState().items()).extracting(Item::id).containsExactly("e1", "e2");
    assertThat(kit.getState().feedMark()).isEqualTo(new NodeState.FeedMark(FEED, 1));
    assertThat(routed.next().toXml()).as("one notification per item, in order").contains("id=\"e1\"");
    assertThat(routed.next().toXml()).contains("id=\"e2\"");

    kit.restart();
    assertThat(publish(FEED, 1, "e1", "e2").attached()).as("acknowledged").isTrue();
    assertThat(kit.getState().items()).hasSize(2);

    assertThat(publish(FEED, 2, "e1").attached()).isTrue();
    assertThat(kit.getState().items()).as("an updated entry replaces its item").extracting(Item::id)
        .containsExactly("e2", "e1");
    assertThat(routed.next().toXml()).as("batch 2, after batch 1 again").contains("id=\"e1\"");
    assertThat(routed.drain()).as("batch 1 again was not notified").isEmpty();
  }

  @Test
  void feedPublish_otherFeedOrNoNode_notAttached() {
    assertThat(publish(FEED, 1, "e1").attached()).isFalse();
    createWithFeed(FEED);
    assertThat(publish("https://other.example.com/feed", 1, "e1").attached()).isFalse();
    assertThat(kit.getState().items()).isEmpty();
  }

  @Test
  void configure_feedChanged_detachesOldAttachesNew_deleteDetaches() {
    createWithFeed(FEED);
    publish(FEED, 5, "e1");
    told.clear();
    send(ALICE, "set", PubSubFixture.owner(XmlElement.builder("configure", PubSubNamespaces.OWNER)
        .attr("node", "news").child(configForm("pubsub#feed_url", "https://other.example.com/atom")).build()));
    assertThat(told).containsExactly("detach " + FEED + " " + SERVICE + "/news",
        "attach https://other.example.com/atom " + SERVICE + "/news 300");
    assertThat(kit.getState().feedMark()).as("a new feed starts without a mark").isNull();
    told.clear();
    send(ALICE, "set", PubSubFixture.owner(PubSubFixture.el("delete", PubSubNamespaces.OWNER, "node", "news")));
    assertThat(told).containsExactly("detach https://other.example.com/atom " + SERVICE + "/news");
  }
}
