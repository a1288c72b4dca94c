package io.switchboard.sharding.muc;

import static io.switchboard.sharding.muc.RoomFixture.ROOM;
import static io.switchboard.sharding.muc.RoomFixture.groupchat;
import static io.switchboard.sharding.muc.RoomFixture.instant;
import static io.switchboard.sharding.muc.RoomFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.muc.MucJoin;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Receipt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity with fake surroundings (a probe as the relay, an archive whose writes the test
 * completes, an in-memory directory), serialization checks on: the order of what it sends behind
 * journal and archive writes, receipts acknowledged once delivered, a message sent again after a
 * restart, the history a restarted room loads, a node's departure, the verification of sessions.
 */
class MucRoomTest {
  private static final String ALICE = "alice@example.com/phone";
  private static final String BOB = "bob@example.com/pc";
  private static final String SELF = "pekko://sb@node1:1";

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private TestProbe<MucRelay.Command> relay;
  private TestProbe<ConnectionMessage> connection;
  private HeldArchive archive;
  private RoomDirectory directory;
  private final Map<String, Boolean> sessions = new ConcurrentHashMap<>();
  private EventSourcedBehaviorTestKit<MucRoom.Command, RoomEvent, RoomState> kit;

  /** An archive that keeps each append pending until the test releases it. */
  static final class HeldArchive implements RoomArchive {
    final RoomArchive store = RoomArchive.inMemory();
    final List<CompletableFuture<String>> held = new ArrayList<>();
    volatile boolean hold;

    @Override
    public synchronized CompletionStage<String> append(String room, Instant stamp, String with, XmlElement message) {
      CompletionStage<String> stored = store.append(room, stamp, with, message);
      if (!hold) {
        return stored;
      }
      CompletableFuture<String> f = new CompletableFuture<>();
      held.add(f);
      return f.thenCompose(x -> stored);
    }

    synchronized void releaseAll() {
      hold = false;
      held.forEach(f -> f.complete("go"));
      held.clear();
    }

    @Override
    public CompletionStage<List<Archived>> recent(String room, Instant since, int max) {
      return store.recent(room, since, max);
    }

    final List<Instant> purges = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> purge(String room, Instant before) {
      purges.add(before);
      return store.purge(room, before);
    }
  }

  @BeforeEach
  void start() {
    relay = testKit.createTestProbe();
    connection = testKit.createTestProbe();
    archive = new HeldArchive();
    directory = RoomDirectory.inMemory();
    startRoom(MucSettings.defaults().withVerifyDelay(Duration.ofMillis(200)));
  }

  private void startRoom(MucSettings settings) {
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    MucRoom.Deps deps = new MucRoom.Deps("example.com", settings, archive, directory,
        (full, room) -> CompletableFuture.completedFuture(sessions.getOrDefault(full, true)),
        RelayDirectory.localOnly(SELF, relay.ref()), Clock.fixed(RoomFixture.NOW, ZoneOffset.UTC));
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), MucRoom.create(ROOM, shard.ref(), deps),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private void in(XmlElement stanza) {
    kit.runCommand(new MucRoom.Inbound(stanza, null, SELF));
  }

  private void in(XmlElement stanza, Receipt receipt) {
    kit.runCommand(new MucRoom.Inbound(stanza, receipt, SELF));
  }

  /** The next delivery, confirmed to the room. */
  private MucRelay.Deliver delivered() {
    MucRelay.Deliver d = relay.expectMessageClass(MucRelay.Deliver.class, Duration.ofSeconds(5));
    d.replyTo().tell(new MucRelay.Delivered(d.seq()));
    return d;
  }

  private static List<XmlElement> stanzas(MucRelay.Deliver d) {
    List<XmlElement> out = new ArrayList<>();
    for (MucRelay.Part p : d.parts()) {
      if (p.to().isEmpty()) {
        out.add(p.stanza());
      } else {
        p.to().forEach(t -> out.add(p.stanza().withAttribute("to", t)));
      }
    }
    return out;
  }

  private void roomWithAliceAndBob() {
    in(join(ALICE, "alice"));
    delivered();
    in(instant(ALICE));
    delivered();
    in(join(BOB, "bob"));
    delivered();
  }

  /** The in-memory directory, with each room count held until the test completes it. */
  static final class HeldCounts implements RoomDirectory {
    final RoomDirectory store = RoomDirectory.inMemory();
    final Map<String, CompletableFuture<Integer>> counts = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Integer> countCreatedBy(String creator) {
      return counts.computeIfAbsent(creator, c -> new CompletableFuture<>());
    }

    @Override
    public CompletionStage<Void> put(Listing listing) {
      return store.put(listing);
    }

    @Override
    public CompletionStage<Void> remove(String service, String room, String creator) {
      return store.remove(service, room, creator);
    }

    @Override
    public CompletionStage<Boolean> exists(String service, String room) {
      return store.exists(service, room);
    }

    @Override
    public CompletionStage<Page> publicRooms(String service, String after, String before, int max) {
      return store.publicRooms(service, after, before, max);
    }

    @Override
    public CompletionStage<List<Listing>> all(String service) {
      return store.all(service);
    }
  }

  @Test
  void join_newRoom_whileTheCreatorsRoomCountIsPending_laterJoinsWaitBehindIt() {
    HeldCounts held = new HeldCounts();
    directory = held;
    startRoom(MucSettings.defaults());
    in(join(ALICE, "alice"));
    in(join(BOB, "bob"));

    // Bob's count (if asked) answers first; the room is still alice's to create: she asked first.
    held.counts.computeIfAbsent("bob@example.com", c -> new CompletableFuture<>()).complete(0);
    relay.expectNoMessage(Duration.ofMillis(200));
    held.counts.get("alice@example.com").complete(0);

    List<XmlElement> first = stanzas(delivered());
    assertThat(first.get(0).attr("to")).isEqualTo(ALICE);
    assertThat(RoomFixture.statuses(first.get(0))).contains(201);
    List<XmlElement> second = stanzas(delivered());
    assertThat(second.get(0).attr("to")).isEqualTo(BOB);
    assertThat(RoomFixture.error(second.get(0))).isEqualTo("item-not-found"); // locked (§10.1.1)
    assertThat(kit.getState().owners()).containsExactly("alice@example.com");
  }

  @Test
  void join_isJournaledAndListed_andSendsOneDeliveryPerDecision() {
    roomWithAliceAndBob();
    assertThat(kit.getState().occupants()).hasSize(2);
    assertThat(directory.exists("conference.example.com", "room").toCompletableFuture().join()).isTrue();
  }

  @Test
  void message_waitsForItsArchiveWrite_andLaterDecisionsWaitBehindIt() {
    roomWithAliceAndBob();
    archive.hold = true;
    in(groupchat(BOB, "m1", "first"));
    in(RoomFixture.presence(BOB, "bob", null).withChild(XmlElement.builder("show", Namespaces.JABBER_CLIENT).text("away").build()));
    relay.expectNoMessage(Duration.ofMillis(300));
    archive.releaseAll();
    MucRelay.Deliver message = delivered();
    XmlElement m = stanzas(message).get(0);
    assertThat(m.childText("body", Namespaces.JABBER_CLIENT)).contains("first");
    assertThat(m.child("stanza-id", Namespaces.SID).map(s -> s.attr("by"))).contains(ROOM);
    MucRelay.Deliver presence = delivered();
    assertThat(stanzas(presence).get(0).name()).isEqualTo("presence");
  }

  @Test
  void receipt_ofAMessage_isAcknowledgedOnceItsDeliveryIsConfirmed() {
    roomWithAliceAndBob();
    Receipt r = new Receipt(connection.ref(), 7);
    in(groupchat(BOB, "m1", "hello"), r);
    MucRelay.Deliver d = relay.expectMessageClass(MucRelay.Deliver.class);
    connection.expectNoMessage(Duration.ofMillis(200));
    d.replyTo().tell(new MucRelay.Delivered(d.seq()));
    assertThat(connection.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(7);
  }

  @Test
  void copySentAgain_isNotBroadcastTwice_butAcknowledged() {
    roomWithAliceAndBob();
    in(groupchat(BOB, "m1", "hello"), new Receipt(connection.ref(), 1));
    delivered();
    connection.expectMessageClass(ConnectionMessage.Accepted.class);
    in(groupchat(BOB, "m1", "hello"), new Receipt(connection.ref(), 1));
    assertThat(connection.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(1);
    relay.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void restart_keepsOccupants_loadsHistory_andACopyOfAnArchivedMessageIsDeliveredOnceMore() {
    roomWithAliceAndBob();
    in(groupchat(BOB, "m1", "before the crash"));
    delivered();
    kit.restart();
    assertThat(kit.getState().occupants()).hasSize(2);
    // The copy its sender's connection sends again after the crash: archived, delivery unknown.
    in(groupchat(BOB, "m1", "before the crash"), new Receipt(connection.ref(), 3));
    MucRelay.Deliver again = delivered();
    assertThat(stanzas(again)).hasSize(2);
    connection.expectMessageClass(ConnectionMessage.Accepted.class);
    // Delivered again, not archived again: the archive still has it once.
    assertThat(archive.recent(ROOM, Instant.EPOCH, 10).toCompletableFuture().join()).hasSize(1);
    // A newcomer gets it as history, with its delay stamp and stanza-id.
    in(join("carol@example.com/t", "carol", new MucJoin(null, null, 10, null, null)));
    List<XmlElement> toCarol = stanzas(delivered()).stream()
        .filter(s -> "carol@example.com/t".equals(s.attr("to"))).toList();
    XmlElement history = toCarol.stream().filter(s -> s.name().equals("message") && s.child("body", Namespaces.JABBER_CLIENT).isPresent())
        .findFirst().orElseThrow();
    assertThat(history.child("delay", Namespaces.DELAY)).isPresent();
    assertThat(history.child("stanza-id", Namespaces.SID)).isPresent();
  }

  @Test
  void restart_checksSessions_andRemovesTheGoneOnesWith333() {
    roomWithAliceAndBob();
    sessions.put(BOB, false);
    kit.restart();
    MucRelay.Deliver removal = delivered();
    XmlElement toAlice = stanzas(removal).stream().filter(s -> ALICE.equals(s.attr("to"))).findFirst().orElseThrow();
    assertThat(RoomFixture.statuses(toAlice)).containsExactly(333);
    assertThat(kit.getState().occupant("bob")).isNull();
    assertThat(kit.getState().occupant("alice")).isNotNull();
  }

  @Test
  void restart_theOccupantsBacklogOfAFailover_isNotRateLimited_aNewcomersIs() {
    startRoom(MucSettings.defaults().withVerifyDelay(Duration.ofMinutes(1)));
    roomWithAliceAndBob();
    kit.restart();
    int burst = MucSettings.defaults().messageBurst();
    for (int i = 0; i < burst + 10; i++) {
      in(groupchat(BOB, "b" + i, "sent while the room was down " + i));
      assertThat(stanzas(delivered())).as("message %d", i).noneMatch(st -> "error".equals(st.attr("type")));
    }
    in(join("carol@example.com/t", "carol"));
    delivered();
    List<String> types = new ArrayList<>();
    for (int i = 0; i < burst + 1; i++) { // the room's clock is fixed: nothing refills
      in(groupchat("carol@example.com/t", "c" + i, "new " + i));
      stanzas(delivered()).stream().filter(st -> "carol@example.com/t".equals(st.attr("to")))
          .forEach(st -> types.add(String.valueOf(st.attr("type"))));
    }
    assertThat(types).as("the newcomer is limited as usual").contains("error");
  }

  @Test
  void manyJoinsInARow_areDecidedAgainstTheQueuedOnes_andAllAnswered() {
    in(join(ALICE, "alice"));
    delivered();
    in(instant(ALICE));
    delivered();
    for (int i = 0; i < 120; i++) {
      kit.runCommand(new MucRoom.Inbound(join("u" + i + "@example.com/r", "u" + i), null, SELF));
    }
    for (int i = 0; i < 120; i++) {
      delivered();
    }
    assertThat(kit.getState().occupants()).hasSize(121);
  }

  @Test
  void configForm_sentAgainByItsConnection_isAnsweredOnce_andAcknowledgedEachTime() {
    roomWithAliceAndBob();
    // The connection probes what stays unacknowledged (c2s resend-after): the same receipt again.
    Receipt receipt = new Receipt(connection.ref(), 5);
    XmlElement form = RoomFixture.configure(ALICE, "muc#roomconfig_roomname", "Lobby");
    in(form, receipt);
    in(form, receipt);
    in(form, receipt);
    List<XmlElement> answers = stanzas(delivered()).stream()
        .filter(s -> s.name().equals("iq") && ALICE.equals(s.attr("to"))).toList();
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).attr("type")).isEqualTo("result");
    relay.expectNoMessage(Duration.ofMillis(300));
    assertThat(connection.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(5);
    assertThat(kit.getState().config().name()).isEqualTo("Lobby");
  }

  @Test
  void requestCopies_whilePendingDroppedSilently_onceAnsweredAcknowledgedAgain() {
    RequestCopies copies = new RequestCopies(10);
    Receipt r = new Receipt(connection.ref(), 4);
    assertThat(copies.isCopy(r)).isFalse();
    assertThat(copies.isCopy(new Receipt(connection.ref(), 4))).isTrue();
    connection.expectNoMessage(Duration.ofMillis(100));
    copies.ack(r);
    assertThat(connection.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(4);
    assertThat(copies.isCopy(r)).isTrue();
    assertThat(connection.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(4);
    assertThat(copies.isCopy(new Receipt(connection.ref(), 5))).as("another stanza").isFalse();
    assertThat(copies.isCopy(null)).isFalse();
  }

  @Test
  void joinSentAgainByItsConnection_isNotBroadcastTwice() {
    roomWithAliceAndBob();
    Receipt receipt = new Receipt(connection.ref(), 9);
    in(join("carol@example.com/t", "carol"), receipt);
    delivered();
    connection.expectMessageClass(ConnectionMessage.Accepted.class);
    in(join("carol@example.com/t", "carol"), receipt);
    assertThat(connection.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(9);
    relay.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void operatorDestroy_tellsOccupantsAndUnlists() {
    roomWithAliceAndBob();
    TestProbe<MucRoom.Destroyed> reply = testKit.createTestProbe();
    kit.runCommand(new MucRoom.Destroy("closing", null, reply.ref()));
    MucRelay.Deliver d = delivered();
    assertThat(stanzas(d)).allSatisfy(s -> assertThat(s.attr("type")).isEqualTo("unavailable"));
    assertThat(reply.expectMessageClass(MucRoom.Destroyed.class).existed()).isTrue();
    assertThat(kit.getState().exists()).isFalse();
  }

  /**
   * Issue #18: a destroyed room's archived messages are deleted once the destruction is written,
   * and a room created under the name deletes what is older than itself (what a crash left).
   */
  @Test
  void destroy_deletesTheArchive_andCreationDeletesWhatIsOlder() {
    roomWithAliceAndBob();
    assertThat(archive.purges).as("the creation deletes what is older than the room").containsExactly(RoomFixture.NOW);
    in(groupchat(BOB, "m1", "first"));
    delivered();
    assertThat(archive.store.recent(ROOM, Instant.EPOCH, 10).toCompletableFuture().join()).hasSize(1);

    TestProbe<MucRoom.Destroyed> reply = testKit.createTestProbe();
    kit.runCommand(new MucRoom.Destroy("closing", null, reply.ref()));
    delivered();
    reply.expectMessageClass(MucRoom.Destroyed.class);

    assertThat(archive.purges).hasSize(2);
    assertThat(archive.purges.get(1)).isAfter(RoomFixture.NOW);
    assertThat(archive.store.recent(ROOM, Instant.EPOCH, 10).toCompletableFuture().join()).isEmpty();
  }
}
