package io.switchboard.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.bench.client.ClientSession;
import io.switchboard.bench.client.ClientSettings;
import io.switchboard.bench.client.Credentials;
import io.switchboard.bench.client.LoginFailure;
import io.switchboard.bench.client.OnlineSessions;
import io.switchboard.bench.client.SessionContext;
import io.switchboard.bench.client.SessionListener;
import io.switchboard.bench.metrics.Metrics;
import io.switchboard.bench.sasl.AuthMechanism;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the chat, presence and pubsub scenarios do with incoming stanzas (the pacing is in RatePacerTest). */
class ScenarioStanzaTest {
  private static final Credentials CREDENTIALS = new Credentials("example.test", "user", "pass");
  private static final long NOW = 1_000_000_000L;

  private final Metrics metrics = new Metrics();
  private final EmbeddedChannel channel;
  private final ClientSession session;

  ScenarioStanzaTest() {
    session = newSession(1);
    channel = new EmbeddedChannel(session);
    output(); // the stream header
  }

  private static ClientSession newSession(int user) {
    SessionListener ignore = new SessionListener() {
      @Override public void onOnline(ClientSession s, long n) { }
      @Override public void onStanza(ClientSession s, XmlElement e) { }
      @Override public void onFailed(ClientSession s, LoginFailure r, boolean w) { }
      @Override public void onClosed(ClientSession s, boolean w) { }
    };
    return new ClientSession(new SessionContext(new ClientSettings(CREDENTIALS, "r", AuthMechanism.PLAIN, false,
        false, Duration.ofSeconds(30), DecoderLimits.DEFAULT, null), ignore, null), user, System.nanoTime());
  }

  private LoopContext loop(int contacts, boolean subscribe) {
    return new LoopContext(channel.eventLoop(), new OnlineSessions(), metrics, () -> NOW, CREDENTIALS,
        UserRange.shard(1, 100, 1, 1), new ScenarioSettings(1, 64, ScenarioSettings.Targets.LOCAL, contacts, subscribe));
  }

  private String output() {
    StringBuilder sb = new StringBuilder();
    ByteBuf b;
    while ((b = channel.readOutbound()) != null) {
      sb.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return sb.toString();
  }

  private static XmlElement stanza(String name, String type, String child, String text) {
    XmlElement.Builder b = XmlElement.builder(name, Namespaces.JABBER_CLIENT).attr("type", type)
        .attr("from", "user2@example.test/r");
    if (child != null) {
      b.child(XmlElement.builder(child, Namespaces.JABBER_CLIENT).text(text));
    }
    return b.build();
  }

  @Test
  void chat_stampedMessage_countsDeliveryAndLatency() {
    ScenarioLoop chat = new ChatScenario(loop(0, false).settings()).onLoop(loop(0, false));

    chat.onStanza(session, stanza("message", "chat", "body", Stamp.text(NOW - 2_500, 64)));
    chat.onStanza(session, stanza("message", "chat", "body", "not stamped"));
    chat.onStanza(session, stanza("message", "error", null, null));

    assertThat(metrics.delivered.sum()).isEqualTo(1);
    assertThat(metrics.stanzaErrors.sum()).isEqualTo(1);
    assertThat(metrics.stanzaLatency().getIntervalHistogram().getValueAtPercentile(50)).isBetween(2_499L, 2_502L);
  }

  @Test
  void presence_onOnlineWithSubscribe_requestsEveryContact() {
    ScenarioLoop presence = new PresenceScenario(loop(4, true).settings()).onLoop(loop(4, true));

    presence.onOnline(session);

    String out = output();
    assertThat(out).contains("to='user2@example.test' type='subscribe'", "to='user100@example.test' type='subscribe'",
        "to='user3@example.test' type='subscribe'", "to='user99@example.test' type='subscribe'");
    assertThat(metrics.extras()).containsEntry("subscribeSent", 4L);
  }

  @Test
  void presence_subscribeRequest_approvedToBareJid() {
    ScenarioLoop presence = new PresenceScenario(loop(4, false).settings()).onLoop(loop(4, false));

    presence.onStanza(session, stanza("presence", "subscribe", null, null));

    assertThat(output()).contains("to='user2@example.test' type='subscribed'");
  }

  @Test
  void presence_stampedBroadcast_countsDeliveryAndOthersSeparately() {
    ScenarioLoop presence = new PresenceScenario(loop(4, false).settings()).onLoop(loop(4, false));

    presence.onStanza(session, stanza("presence", null, "status", Stamp.text(NOW - 1_000, 64)));
    presence.onStanza(session, stanza("presence", null, "status", "probe answer"));
    presence.onStanza(session, stanza("presence", "unavailable", null, null));

    assertThat(metrics.delivered.sum()).isEqualTo(1);
    assertThat(metrics.extras()).containsEntry("presenceOther", 2L);
  }

  @Test
  void presence_withoutSubscribe_sendsNothingAtLogin() {
    ScenarioLoop presence = new PresenceScenario(loop(4, false).settings()).onLoop(loop(4, false));

    presence.onOnline(session);

    assertThat(output()).isEmpty();
  }

  private LoopContext pubsubLoop() {
    return new LoopContext(channel.eventLoop(), new OnlineSessions(), metrics, () -> NOW, CREDENTIALS,
        UserRange.shard(1, 100, 1, 1),
        new ScenarioSettings(5, 64, ScenarioSettings.Targets.LOCAL, 0, false, null, "feed"));
  }

  private static XmlElement iqAnswer(String id, String errorCondition) {
    XmlElement.Builder b = XmlElement.builder("iq", Namespaces.JABBER_CLIENT)
        .attr("type", errorCondition == null ? "result" : "error").attr("id", id).attr("from", "pubsub.example.test");
    if (errorCondition != null) {
      b.child(XmlElement.builder("error", Namespaces.JABBER_CLIENT).attr("type", "cancel")
          .child(XmlElement.builder(errorCondition, "urn:ietf:params:xml:ns:xmpp-stanzas")));
    }
    return b.build();
  }

  private static XmlElement notification(String node, String entryText) {
    return XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", "pubsub.example.test")
        .child(XmlElement.builder("event", PubsubScenario.PUBSUB_EVENT)
            .child(XmlElement.builder("items", PubsubScenario.PUBSUB_EVENT).attr("node", node)
                .child(XmlElement.builder("item", PubsubScenario.PUBSUB_EVENT).attr("id", "i1")
                    .child(XmlElement.builder("entry", PubsubScenario.ITEM_NS).text(entryText)))))
        .build();
  }

  @Test
  void pubsub_firstUserCreatesTheNode_othersSubscribeTheirBareJid() {
    ScenarioLoop pubsub = new PubsubScenario(pubsubLoop().settings()).onLoop(pubsubLoop());
    ClientSession subscriber = newSession(7);
    EmbeddedChannel subscriberChannel = new EmbeddedChannel(subscriber);
    subscriberChannel.readOutbound(); // the stream header

    pubsub.onOnline(session);
    pubsub.onOnline(subscriber);

    assertThat(output()).contains("to='pubsub.example.test'", "<create node='feed'/>");
    ByteBuf sent = subscriberChannel.readOutbound();
    assertThat(sent.toString(StandardCharsets.UTF_8))
        .contains("to='pubsub.example.test'", "<subscribe node='feed' jid='user7@example.test'/>");
    sent.release();
  }

  @Test
  void pubsub_subscribeBeforeTheNodeExists_isRetriedASecondLater() {
    ScenarioLoop pubsub = new PubsubScenario(pubsubLoop().settings()).onLoop(pubsubLoop());

    pubsub.onStanza(session, iqAnswer("sb-sub-1", "item-not-found"));
    assertThat(output()).isEmpty();
    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(output()).contains("id='sb-sub-2'", "<subscribe node='feed' jid='user1@example.test'/>");
    assertThat(metrics.extras()).containsEntry("subscribeRetries", 1L);
    assertThat(metrics.stanzaErrors.sum()).isZero();
  }

  @Test
  void pubsub_answers_countedByKind() {
    ScenarioLoop pubsub = new PubsubScenario(pubsubLoop().settings()).onLoop(pubsubLoop());

    pubsub.onStanza(session, iqAnswer("sb-create", "conflict"));
    pubsub.onStanza(session, iqAnswer("sb-sub-1", null));
    pubsub.onStanza(session, iqAnswer("sb-sub-" + PubsubScenario.SUBSCRIBE_ATTEMPTS, "item-not-found"));
    pubsub.onStanza(session, iqAnswer("sb-sub-1", "forbidden"));
    pubsub.onStanza(session, iqAnswer("sb-pub-1", null));
    pubsub.onStanza(session, iqAnswer("sb-pub-2", "internal-server-error"));

    assertThat(metrics.extras()).containsEntry("nodeExisted", 1L).containsEntry("subscribed", 1L)
        .containsEntry("subscribeFailed", 2L).containsEntry("publishAcked", 1L).containsEntry("publishFailed", 1L);
    assertThat(metrics.stanzaErrors.sum()).isEqualTo(3);
    assertThat(output()).as("no retry after the last attempt or another error").isEmpty();
  }

  @Test
  void pubsub_notification_countsDeliveryAndLatency_butNotAnEarlierRunsItemOrAnotherNode() {
    long[] now = {NOW};
    LoopContext loop = new LoopContext(channel.eventLoop(), new OnlineSessions(), metrics, () -> now[0], CREDENTIALS,
        UserRange.shard(1, 100, 1, 1), pubsubLoop().settings());
    ScenarioLoop pubsub = new PubsubScenario(loop.settings()).onLoop(loop);
    now[0] = NOW + 10_000;

    pubsub.onStanza(session, notification("feed", Stamp.text(NOW + 6_000, 64)));
    pubsub.onStanza(session, notification("feed", Stamp.text(NOW - 4_000, 64)));
    pubsub.onStanza(session, notification("other", Stamp.text(NOW + 7_000, 64)));

    assertThat(metrics.delivered.sum()).isEqualTo(1);
    assertThat(metrics.stanzaLatency().getIntervalHistogram().getValueAtPercentile(50)).isBetween(3_999L, 4_002L);
    assertThat(metrics.extras()).containsEntry("notificationsOther", 1L);
  }

  @Test
  void pubsub_feedItem_atomEntryWithAStampedTitle_countsDeliveryAndLatency() {
    long[] now = {NOW};
    LoopContext loop = new LoopContext(channel.eventLoop(), new OnlineSessions(), metrics, () -> now[0], CREDENTIALS,
        UserRange.shard(1, 100, 1, 1), pubsubLoop().settings());
    ScenarioLoop pubsub = new PubsubScenario(loop.settings()).onLoop(loop);
    now[0] = NOW + 10_000;
    XmlElement atom = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", "pubsub.example.test")
        .child(XmlElement.builder("event", PubsubScenario.PUBSUB_EVENT)
            .child(XmlElement.builder("items", PubsubScenario.PUBSUB_EVENT).attr("node", "feed")
                .child(XmlElement.builder("item", PubsubScenario.PUBSUB_EVENT).attr("id", "urn:e1")
                    .child(XmlElement.builder("entry", PubsubScenario.ATOM)
                        .child(XmlElement.builder("title", PubsubScenario.ATOM).text(Stamp.text(NOW + 2_000, 24)))))))
        .build();

    pubsub.onStanza(session, atom);

    assertThat(metrics.delivered.sum()).isEqualTo(1);
    assertThat(metrics.stanzaLatency().getIntervalHistogram().getValueAtPercentile(50)).isBetween(7_990L, 8_010L);
  }
}
