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
import io.switchboard.bench.scenario.muc.MucStanzas;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the muc scenario's loop sends and counts for the stanzas a room sends (no timing asserted). */
class MucLoopTest {
  private static final Credentials CREDENTIALS = new Credentials("example.test", "user", "pass");
  private static final long NOW = 1_000_000_000L;
  private static final String ROOM = "bench-s10-0@conference.example.test";

  private final Metrics metrics = new Metrics();
  private long now = NOW;
  private final ClientSession session = newSession(1);
  private final EmbeddedChannel channel = new EmbeddedChannel(session);
  private final ScenarioSettings settings = new ScenarioSettings(5, 64, ScenarioSettings.Targets.LOCAL, 0, false,
      null, "bench", new MucSettings(null, 10, 2, "bench", 1, 30, 120));
  private final LoopContext context = new LoopContext(channel.eventLoop(), new OnlineSessions(), metrics, () -> now,
      CREDENTIALS, UserRange.shard(1, 100, 1, 1), settings);
  private final ScenarioLoop muc = new MucScenario(settings).onLoop(context);

  MucLoopTest() {
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

  private String output() {
    StringBuilder sb = new StringBuilder();
    ByteBuf b;
    while ((b = channel.readOutbound()) != null) {
      sb.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return sb.toString();
  }

  private static XmlElement selfPresence(int... codes) {
    return selfPresence("u1", codes);
  }

  private static XmlElement selfPresence(String nick, int... codes) {
    XmlElement.Builder x = XmlElement.builder("x", MucStanzas.MUC_USER);
    for (int code : codes) {
      x.child(XmlElement.builder("status", MucStanzas.MUC_USER).attr("code", Integer.toString(code)));
    }
    return XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("from", ROOM + "/" + nick).child(x).build();
  }

  private static XmlElement result(String id) {
    return XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "result").attr("id", id)
        .attr("from", ROOM).build();
  }

  /** User {@code user}'s session on its own channel (the stream header read off). */
  private static EmbeddedChannel channelOf(ClientSession s) {
    EmbeddedChannel c = new EmbeddedChannel(s);
    ((ByteBuf) c.readOutbound()).release();
    return c;
  }

  private static String output(EmbeddedChannel c) {
    StringBuilder sb = new StringBuilder();
    ByteBuf b;
    while ((b = c.readOutbound()) != null) {
      sb.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return sb.toString();
  }

  private static XmlElement errorAnswer(String name, String id, String condition) {
    return XmlElement.builder(name, Namespaces.JABBER_CLIENT).attr("type", "error").attr("id", id)
        .attr("from", name.equals("presence") ? ROOM + "/u1" : ROOM)
        .child(XmlElement.builder("error", Namespaces.JABBER_CLIENT).attr("type", "cancel")
            .child(XmlElement.builder(condition, "urn:ietf:params:xml:ns:xmpp-stanzas")))
        .build();
  }

  private static XmlElement copy(String body, boolean delayed) {
    XmlElement.Builder b = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", ROOM + "/u2")
        .attr("type", "groupchat").child(XmlElement.builder("body", Namespaces.JABBER_CLIENT).text(body));
    if (delayed) {
      b.child(XmlElement.builder("delay", "urn:xmpp:delay"));
    }
    return b.build();
  }

  @Test
  void onOnline_joinsItsRoomWithoutHistory() {
    muc.onOnline(session);

    assertThat(output()).contains("to='" + ROOM + "/u1'", "<history maxstanzas='0'/>");
  }

  @Test
  void onOnline_userWithoutARoom_sendsNothing() {
    ClientSession outsider = newSession(21); // rooms 0 and 1 hold users 1..20
    EmbeddedChannel other = new EmbeddedChannel(outsider);
    ((ByteBuf) other.readOutbound()).release();

    muc.onOnline(outsider);

    assertThat((Object) other.readOutbound()).isNull();
  }

  @Test
  void selfPresenceWith201_configuresTheRoomWithItsSize() {
    muc.onOnline(session);
    output();

    muc.onStanza(session, selfPresence(110, 201));

    assertThat(output()).contains("to='" + ROOM + "'", "muc#roomconfig_maxusers'><value>10</value>");
    assertThat(metrics.extras()).containsEntry("joined", 1L).containsEntry("roomsCreated", 1L);
  }

  @Test
  void configRefused_fallsBackToTheInstantForm() {
    muc.onOnline(session);
    muc.onStanza(session, selfPresence(110, 201));
    output();

    muc.onStanza(session, errorAnswer("iq", MucStanzas.CONFIG_ID + "0", "not-acceptable"));

    assertThat(output()).contains("id='" + MucStanzas.INSTANT_ID + "0'", "<x xmlns='jabber:x:data' type='submit'/>");
    assertThat(metrics.extras()).containsEntry("roomConfigRefused.not-acceptable", 1L);
  }

  @Test
  void joinRefused_retriedASecondLater() {
    muc.onOnline(session);
    output();

    muc.onStanza(session, errorAnswer("presence", null, "item-not-found"));
    assertThat(output()).isEmpty();
    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(output()).contains("to='" + ROOM + "/u1'");
    assertThat(metrics.extras()).containsEntry("joinRetries", 1L).containsEntry("joinError.item-not-found", 1L);
  }

  @Test
  void joinRefusedEveryTime_failsAfterTheLastAttempt() {
    muc.onOnline(session);
    for (int i = 1; i < MucLoop.JOIN_ATTEMPTS; i++) {
      muc.onStanza(session, errorAnswer("presence", null, "item-not-found"));
      channel.advanceTimeBy(1, TimeUnit.SECONDS);
      channel.runScheduledPendingTasks();
    }
    output();

    muc.onStanza(session, errorAnswer("presence", null, "item-not-found"));
    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(output()).isEmpty();
    assertThat(metrics.extras()).containsEntry("joinFailed", 1L);
    assertThat(metrics.stanzaErrors.sum()).isEqualTo(1);
  }

  @Test
  void onOnline_roomBeingCreated_holdsTheJoinUntilTheConfigurationIsAccepted() {
    ClientSession second = newSession(2);
    EmbeddedChannel other = channelOf(second);
    muc.onOnline(session);
    muc.onOnline(second);
    muc.onStanza(session, selfPresence(110, 201)); // created, and locked until configured (§10.1.1)
    channel.runPendingTasks();

    assertThat(output(other)).isEmpty();

    muc.onStanza(session, result(MucStanzas.CONFIG_ID + "0"));
    channel.runPendingTasks();

    assertThat(output(other)).contains("to='" + ROOM + "/u2'", "<history maxstanzas='0'/>");
    assertThat(metrics.extras()).containsEntry("joinsHeld", 1L).doesNotContainKey("joinRetries");
  }

  @Test
  void onOnline_instantFormAccepted_releasesTheHeldJoin() {
    ClientSession second = newSession(2);
    EmbeddedChannel other = channelOf(second);
    muc.onOnline(session);
    muc.onOnline(second);
    muc.onStanza(session, selfPresence(110, 201));
    muc.onStanza(session, errorAnswer("iq", MucStanzas.CONFIG_ID + "0", "not-acceptable"));
    channel.runPendingTasks();
    assertThat(output(other)).isEmpty();

    muc.onStanza(session, result(MucStanzas.INSTANT_ID + "0"));
    channel.runPendingTasks();

    assertThat(output(other)).contains("to='" + ROOM + "/u2'");
  }

  @Test
  void onOnline_firstGotInWithout201_roomIsOpen() {
    ClientSession second = newSession(2);
    ClientSession third = newSession(3);
    EmbeddedChannel secondChannel = channelOf(second);
    EmbeddedChannel thirdChannel = channelOf(third);
    muc.onOnline(session);
    muc.onOnline(second);

    muc.onStanza(session, selfPresence(110)); // the room existed: nothing to wait for
    channel.runPendingTasks();
    muc.onOnline(third);

    assertThat(output(secondChannel)).contains("to='" + ROOM + "/u2'");
    assertThat(output(thirdChannel)).contains("to='" + ROOM + "/u3'");
    assertThat(metrics.extras()).containsEntry("joinsHeld", 1L);
  }

  @Test
  void onOnline_roomNeverOpens_heldJoinGoesAfterTheHold() {
    ClientSession second = newSession(2);
    EmbeddedChannel other = channelOf(second);
    muc.onOnline(session);
    muc.onOnline(second);

    channel.advanceTimeBy(MucLoop.HOLD_SECONDS, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(output(other)).contains("to='" + ROOM + "/u2'");
    assertThat(metrics.extras()).containsEntry("joinHoldExpired", 1L);
  }

  @Test
  void onOnline_otherRoom_notHeldByThisRoomsCreation() {
    ClientSession elsewhere = newSession(11); // room 1
    EmbeddedChannel other = channelOf(elsewhere);
    muc.onOnline(session);

    muc.onOnline(elsewhere);

    assertThat(output(other)).contains("to='bench-s10-1@conference.example.test/u11'");
  }

  @Test
  void stampedCopies_liveCountedHistoryAndOlderRunsNot() {
    muc.onOnline(session);
    muc.onStanza(session, selfPresence(110));
    now = NOW + 10_000;

    muc.onStanza(session, copy(Stamp.text(now - 3_000, 64), false));
    muc.onStanza(session, copy(Stamp.text(now - 3_000, 64), true));
    muc.onStanza(session, copy(Stamp.text(NOW - 1, 64), false));
    muc.onStanza(session, copy("hello", false));

    assertThat(metrics.delivered.sum()).isEqualTo(1);
    assertThat(metrics.stanzaLatency().getIntervalHistogram().getValueAtPercentile(50)).isBetween(2_999L, 3_002L);
    assertThat(metrics.extras()).containsEntry("copiesOther", 1L);
  }

  @Test
  void selfUnavailable_leavesTheRoom() {
    muc.onOnline(session);
    muc.onStanza(session, selfPresence(110));

    muc.onStanza(session, XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("from", ROOM + "/u1")
        .attr("type", "unavailable").build());

    assertThat(metrics.extras()).containsEntry("removedFromRoom", 1L);
  }
}
