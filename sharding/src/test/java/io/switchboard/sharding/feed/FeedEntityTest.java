package io.switchboard.sharding.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.feed.Feed.Command;
import io.switchboard.sharding.feed.Feed.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity with fake ports: attach, fetch, deliver, acknowledge, recover; WebSub verification
 * and signed content through the commands hubs reach it with; serialization checks on for every
 * command, event and state.
 */
class FeedEntityTest {
  private static final String URL = "https://news.example.com/rss";
  private static final String TARGET = "pubsub.example.com/news";
  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private final AtomicReference<FeedDocument> document = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final List<String> delivered = new CopyOnWriteArrayList<>();
  private final List<WebSubHub.Request> hubRequests = new CopyOnWriteArrayList<>();
  private EventSourcedBehaviorTestKit<Command, Event, FeedState> kit;

  private static FeedEntry entry(String id) {
    XmlElement payload = XmlElement.builder("entry", "http://www.w3.org/2005/Atom").textChild("id", id).build();
    return new FeedEntry(id, payload, "h-" + id);
  }

  @BeforeEach
  void start() {
    FeedFetcher fetcher = new FeedFetcher() {
      @Override
      public CompletionStage<FetchOutcome> fetch(FetchRequest request) {
        fetches.incrementAndGet();
        return CompletableFuture.completedFuture(new FetchOutcome.Modified(document.get(), "\"e\"", null));
      }

      @Override
      public CompletionStage<FeedDocument> parse(byte[] body, String contentType) {
        return CompletableFuture.completedFuture(new FeedDocument(List.of(entry("pushed")), null, null));
      }
    };
    FeedTargets targets = (target, url, seq, entries) -> {
      entries.forEach(e -> delivered.add(target + " " + seq + " " + e.id()));
      return CompletableFuture.completedFuture(FeedTargets.Outcome.PUBLISHED);
    };
    WebSubHub hub = r -> {
      hubRequests.add(r);
      return CompletableFuture.completedFuture(WebSubHub.Answer.ok());
    };
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    AtomicInteger tokens = new AtomicInteger();
    Feed.Deps deps = new Feed.Deps(fetcher, hub, targets, (url, listed) -> { }, Clock.systemUTC(),
        () -> "t" + tokens.incrementAndGet());
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        Feed.create(URL, shard.ref(), FeedSettings.defaults().withCallbackBaseUrl("https://xmpp.example.com"), deps),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 5 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void attach_fetchesPublishesAcknowledges_andRecoversWhatItSaw() throws Exception {
    document.set(new FeedDocument(List.of(entry("e2"), entry("e1")), null, null));
    kit.runCommand(new Feed.Attach(TARGET, 600));
    await("both entries delivered in order", () -> delivered.size() == 2);
    assertThat(delivered).containsExactly(TARGET + " 1 e1", TARGET + " 1 e2");
    await("acknowledged", () -> kit.getState().pending().isEmpty());
    assertThat(kit.getState().seen()).containsOnlyKeys("e1", "e2");
    assertThat(kit.getState().targets().get(TARGET).delivered()).isEqualTo(1);

    kit.restart();
    assertThat(kit.getState().seen()).containsOnlyKeys("e1", "e2");
    assertThat(kit.getState().etag()).isEqualTo("\"e\"");
    TestProbe<FeedStatus> status = testKit.createTestProbe();
    kit.runCommand(new Feed.GetStatus(status.ref()));
    FeedStatus s = status.receiveMessage();
    assertThat(s.targets()).containsExactly(TARGET);
    assertThat(s.entriesSeen()).isEqualTo(2);
    assertThat(s.intervalSeconds()).isEqualTo(600);
  }

  @Test
  void websub_verificationAndSignedContent_throughTheHubsCommands() throws Exception {
    document.set(new FeedDocument(List.of(entry("e1")), "https://hub.example.net/", URL));
    kit.runCommand(new Feed.Attach(TARGET, 600));
    await("a subscription request", () -> !hubRequests.isEmpty());
    WebSubHub.Request r = hubRequests.get(0);
    String subId = r.callback().substring(r.callback().lastIndexOf('/') + 1);

    TestProbe<Feed.VerifyAnswer> verify = testKit.createTestProbe();
    kit.runCommand(new Feed.VerifyIntent(subId, "subscribe", URL, "ch", 3600, null, verify.ref()));
    assertThat(verify.receiveMessage()).isEqualTo(new Feed.VerifyAnswer(200, "ch"));
    assertThat(kit.getState().websub().phase()).isEqualTo(FeedState.Phase.ACTIVE);

    byte[] body = "<feed/>".getBytes(StandardCharsets.UTF_8);
    TestProbe<Feed.ContentAnswer> content = testKit.createTestProbe();
    kit.runCommand(new Feed.Content(subId, body, "application/atom+xml",
        WebSubSignature.sign("sha512", "wrong", body), content.ref()));
    assertThat(content.receiveMessage()).isEqualTo(Feed.ContentAnswer.BAD_SIGNATURE);
    kit.runCommand(new Feed.Content(subId, body, "application/atom+xml",
        WebSubSignature.sign("sha512", r.secret(), body), content.ref()));
    assertThat(content.receiveMessage()).isEqualTo(Feed.ContentAnswer.ACCEPTED);
    await("the pushed entry delivered", () -> delivered.contains(TARGET + " 2 pushed"));
  }

  @Test
  void detach_lastTarget_stopsFetchingAndStartsFreshWhenAttachedAgain() throws Exception {
    document.set(new FeedDocument(List.of(entry("e1")), null, null));
    kit.runCommand(new Feed.Attach(TARGET, 600));
    await("delivered", () -> delivered.size() == 1);
    kit.runCommand(new Feed.Detach(TARGET));
    assertThat(kit.getState().active()).isFalse();
    assertThat(kit.getState().seen()).isEmpty();
    kit.runCommand(new Feed.Attach(TARGET, 600));
    await("delivered again to the new attachment, with a higher batch number", () -> delivered.size() == 2);
    assertThat(delivered.get(1)).isEqualTo(TARGET + " 2 e1");
  }
}
