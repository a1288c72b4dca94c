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
import org.junit.jupiter.api.Test;

/** What the chat and presence scenarios do with incoming stanzas (the pacing is in RatePacerTest). */
class ScenarioStanzaTest {
  private static final Credentials CREDENTIALS = new Credentials("example.test", "user", "pass");
  private static final long NOW = 1_000_000_000L;

  private final Metrics metrics = new Metrics();
  private final EmbeddedChannel channel;
  private final ClientSession session;

  ScenarioStanzaTest() {
    SessionListener ignore = new SessionListener() {
      @Override public void onOnline(ClientSession s, long n) { }
      @Override public void onStanza(ClientSession s, XmlElement e) { }
      @Override public void onFailed(ClientSession s, LoginFailure r, boolean w) { }
      @Override public void onClosed(ClientSession s, boolean w) { }
    };
    session = new ClientSession(new SessionContext(new ClientSettings(CREDENTIALS, "r", AuthMechanism.PLAIN, false,
        false, Duration.ofSeconds(30), DecoderLimits.DEFAULT, null), ignore, null), 1, System.nanoTime());
    channel = new EmbeddedChannel(session);
    output(); // the stream header
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
}
