package io.switchboard.sharding.session;

import io.switchboard.sharding.vcard.VcardStored;
import io.switchboard.sharding.session.sm.SmTicket;
import io.switchboard.sharding.session.sm.ParkEvent.ResourceParked;
import io.switchboard.sharding.session.ResourceEvent.ResourceOnline;
import io.switchboard.sharding.session.ResourceEvent.ResourceOffline;
import io.switchboard.sharding.session.AccountEvent.AccountRemoved;
import io.switchboard.sharding.session.AccountEvent.AccountIncarnationStarted;
import io.switchboard.sharding.session.AccountEvent.AccountIncarnationAdopted;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.pep.PepHandler;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static io.switchboard.sharding.testing.Xml.message;
import static io.switchboard.sharding.testing.Xml.presence;
import static io.switchboard.sharding.testing.Xml.rosterItem;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.blocking.BlockingEvent.BlocklistCleared;
import io.switchboard.sharding.session.UserSession.Command;
import io.switchboard.sharding.session.UserSession.Event;
import io.switchboard.sharding.blocking.BlockingEvent.JidsBlocked;
import io.switchboard.sharding.roster.RosterEvent.RosterItemRemoved;
import io.switchboard.sharding.roster.RosterEvent.RosterItemSaved;
import io.switchboard.sharding.roster.RosterEvent.SubscriptionRequestCleared;
import io.switchboard.sharding.roster.RosterEvent.SubscriptionRequestReceived;
import io.switchboard.sharding.testing.FakeAccountDirectory;
import io.switchboard.sharding.testing.FakeOfflineMessages;
import io.switchboard.sharding.testing.RecordingRouting;
import io.switchboard.sharding.testing.Xml;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The entity alone, with serialization checks on for commands, events and state. */
class UserSessionTest {
  private static final String JULIET = "juliet@example.com";
  private static final String BALCONY = JULIET + "/balcony";
  private static final String CHAMBER = JULIET + "/chamber";
  private static final String ROMEO = "romeo@example.com";
  private static final String ROMEO_FULL = ROMEO + "/orchard";
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Duration GRACE = Duration.ofMillis(300);

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private final RecordingRouting routed = new RecordingRouting();
  private final FakeOfflineMessages offline = new FakeOfflineMessages(2);
  private final FakeAccountDirectory directory = new FakeAccountDirectory();
  private TestProbe<ClusterSharding.ShardCommand> shard;
  private EventSourcedBehaviorTestKit<Command, Event, Account> kit;

  @BeforeEach
  void start() {
    shard = testKit.createTestProbe();
    kit = kitFor(JULIET);
  }

  private final RecordingPep pep = new RecordingPep();
  private final io.switchboard.sharding.caps.CapsDirectory capsDirectory =
      io.switchboard.sharding.caps.CapsDirectory.local();

  private EventSourcedBehaviorTestKit<Command, Event, Account> kitFor(String user) {
    UserSessionSettings settings =
        new UserSessionSettings(Duration.ofSeconds(1), 5, 2, 3, "", "", GRACE, false);
    EventSourcedBehaviorTestKit<Command, Event, Account> k =
        EventSourcedBehaviorTestKit.create(testKit.system(),
            UserSession.create(Jids.bare(user), shard.ref(), settings,
                new SessionDependencies(routed, offline, Clock.fixed(NOW, ZoneOffset.UTC),
                    directory, pep, capsDirectory)),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    k.clear();
    return k;
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /**
   * What the entity is given as {@code probe}'s connection: a forwarder that keeps the resource
   * records the entity sends ({@link ConnectionMessage.ResourceRecorded}, see {@link #records}) and
   * passes every other message to the probe, so the tests see the connection protocol in order.
   * It stops when the probe stops (a connection that died).
   */
  private ActorRef<ConnectionMessage> ref(TestProbe<ConnectionMessage> probe) {
    return forwarders.computeIfAbsent(probe, p -> testKit.spawn(Behaviors.<ConnectionMessage>setup(c -> {
      c.watch(p.ref());
      return Behaviors.receive(ConnectionMessage.class)
          .onMessage(ConnectionMessage.class, m -> {
            if (m instanceof ConnectionMessage.ResourceRecorded r) {
              records.computeIfAbsent(p, k -> new java.util.concurrent.LinkedBlockingQueue<>()).add(r.record());
            } else {
              p.ref().tell(m);
            }
            return Behaviors.same();
          })
          .onSignal(org.apache.pekko.actor.typed.Terminated.class, t -> Behaviors.stopped())
          .build();
    })));
  }

  private final java.util.Map<TestProbe<ConnectionMessage>, ActorRef<ConnectionMessage>> forwarders =
      new java.util.IdentityHashMap<>();
  /** The resource records each connection was sent, in order. */
  private final java.util.Map<TestProbe<ConnectionMessage>, java.util.concurrent.BlockingQueue<ResourceRecord>> records =
      new java.util.concurrent.ConcurrentHashMap<>();

  // --- helpers -----------------------------------------------------------------------------------

  /** Any command: an entity restarted with nobody online checks its account at the first one. */
  private void touch() {
    kit.<UserSession.SessionState>runCommand(UserSession.GetState::new);
  }

  private TestProbe<ConnectionMessage> bind(String resource) {
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    BindResult result = kit.<BindResult>runCommand(
        replyTo -> new UserSession.Bind(resource, ref(conn), replyTo)).reply();
    assertThat(result).isInstanceOfSatisfying(BindResult.Bound.class, b -> assertThat((Object) b.jid()).isEqualTo(Jids.full(JULIET + "/" + resource)));
    return conn;
  }

  private List<Event> client(String full, XmlElement stanza) {
    String resource = full.substring(full.indexOf('/') + 1);
    return kit.runCommand(new UserSession.FromClient(resource, stanza.withAttribute("from", full)))
        .events();
  }

  private List<Event> inbound(XmlElement stanza) {
    return kit.runCommand(new UserSession.Inbound(stanza)).events();
  }

  private static XmlElement delivered(TestProbe<ConnectionMessage> conn) {
    return conn.expectMessageClass(ConnectionMessage.Deliver.class).stanza();
  }

  private void rosterGet(String full, TestProbe<ConnectionMessage> conn) {
    client(full, iq(null, null, "get", "r1", XmlElement.of("query", "jabber:iq:roster")));
    delivered(conn);
  }

  /** Juliet and Romeo subscribe to each other; all routed traffic is drained afterwards. */
  private void mutualSubscription() {
    client(BALCONY, presence(null, ROMEO, "subscribe"));
    inbound(presence(ROMEO, JULIET, "subscribed"));
    inbound(presence(ROMEO, JULIET, "subscribe"));
    client(BALCONY, presence(null, ROMEO, "subscribed"));
    assertThat(kit.getState().item(Jids.bare(ROMEO)).subscription()).isEqualTo(Subscription.BOTH);
    routed.drain();
  }

  /** A roster query removing Romeo (RFC 6121 §2.5). */
  private static XmlElement removeRomeo() {
    return XmlElement.builder("query", "jabber:iq:roster").child(XmlElement.builder("item",
        "jabber:iq:roster").attr("jid", ROMEO).attr("subscription", "remove").build()).build();
  }

  /**
   * A Rosaline entity spawned outside the test kit (so it can be sent the hand-off stop
   * message), with {@code conn} bound as resource "home".
   */
  private ActorRef<Command> rosalineBoundAtHome(TestProbe<ConnectionMessage> conn) {
    ActorRef<Command> entity = testKit.spawn(UserSession.create(Jids.bare("rosaline@example.com"),
        shard.ref(), new UserSessionSettings(Duration.ofMinutes(1), 5, 2, 3, "", ""),
        new SessionDependencies(routed, offline, Clock.systemUTC())));
    TestProbe<BindResult> reply = testKit.createTestProbe();
    entity.tell(new UserSession.Bind("home", ref(conn), reply.ref()));
    reply.expectMessageClass(BindResult.Bound.class);
    return entity;
  }

  // --- roster ------------------------------------------------------------------------------------

  @Test
  void rosterSet_newContact_persistsAndPushesToInterestedResourcesOnly() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    TestProbe<ConnectionMessage> chamber = bind("chamber");
    rosterGet(BALCONY, balcony);

    List<Event> events = client(CHAMBER, iq(null, null, "set", "s1",
        rosterItem(ROMEO, "Romeo", "Friends")));

    assertThat(events).containsExactly(new RosterItemSaved(new RosterItem(Jids.bare(ROMEO),
        "Romeo", List.of("Friends"), Subscription.NONE, false)));
    XmlElement result = delivered(chamber);
    assertThat(result.attr("type")).isEqualTo("result");
    assertThat(result.attr("id")).isEqualTo("s1");
    XmlElement push = delivered(balcony);
    assertThat(push.attr("type")).isEqualTo("set");
    assertThat(push.attr("to")).isEqualTo(BALCONY);
    XmlElement query = push.child("query", "jabber:iq:roster").orElseThrow();
    assertThat(query.attr("ver")).isEqualTo("1");
    XmlElement item = query.child("item", "jabber:iq:roster").orElseThrow();
    assertThat(item.attr("jid")).isEqualTo(ROMEO);
    assertThat(item.attr("subscription")).isEqualTo("none");
    assertThat(item.childText("group", "jabber:iq:roster")).contains("Friends");
    chamber.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void rosterGet_currentVersion_returnsEmptyResult_elseFullRoster() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, iq(null, null, "set", "s1", rosterItem(ROMEO, "Romeo")));
    delivered(balcony);

    client(BALCONY, iq(null, null, "get", "g1", XmlElement.builder("query", "jabber:iq:roster")
        .attr("ver", "1").build()));
    assertThat(delivered(balcony).children()).isEmpty();

    client(BALCONY, iq(null, null, "get", "g2", XmlElement.builder("query", "jabber:iq:roster")
        .attr("ver", "0").build()));
    XmlElement query = delivered(balcony).child("query", "jabber:iq:roster").orElseThrow();
    assertThat(query.attr("ver")).isEqualTo("1");
    assertThat(query.elements("item", "jabber:iq:roster")).hasSize(1);
  }

  @Test
  void rosterSet_duplicateGroups_isBadRequest() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    List<Event> events = client(BALCONY, iq(null, null, "set", "s1",
        rosterItem(ROMEO, "Romeo", "A", "A")));
    assertThat(events).isEmpty();
    assertThat(errorCondition(delivered(balcony))).isEqualTo("bad-request");
  }

  @Test
  void rosterRemove_mutualContact_cancelsBothSubscriptionsAndPushesRemove() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    rosterGet(BALCONY, balcony);
    mutualSubscription();
    balcony.receiveSeveralMessages(3); // three pushes; not available, so no requests delivered

    List<Event> events = client(BALCONY, iq(null, null, "set", "rm", removeRomeo()));

    assertThat(events).containsExactly(new RosterItemRemoved(Jids.bare(ROMEO)));
    assertThat(routed.drain()).extracting(e -> e.attr("type"))
        .containsExactly("unsubscribe", "unsubscribed");
    XmlElement push = delivered(balcony);
    assertThat(push.child("query", "jabber:iq:roster").orElseThrow()
        .child("item", "jabber:iq:roster").orElseThrow().attr("subscription")).isEqualTo("remove");
    assertThat(delivered(balcony).attr("type")).isEqualTo("result");
    assertThat(kit.getState().rosterItems()).isEmpty();
  }

  @Test
  void rosterRemove_resultWaitsUntilTheContactsEntityHandledTheCancellation() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    rosterGet(BALCONY, balcony);
    mutualSubscription();
    balcony.receiveSeveralMessages(3);
    routed.holdReceipts(); // Romeo's entity has not handled the unsubscribed yet

    client(BALCONY, iq(null, null, "set", "rm", removeRomeo()));
    XmlElement push = delivered(balcony);
    assertThat(push.attr("type")).isEqualTo("set");
    balcony.expectNoMessage(Duration.ofMillis(300));

    assertThat(routed.releaseReceipts()).as("one receipt, on the last stanza to the contact").isEqualTo(1);
    XmlElement result = delivered(balcony);
    assertThat(result.attr("type")).isEqualTo("result");
    assertThat(result.attr("id")).isEqualTo("rm");
  }

  @Test
  void rosterRemove_contactsEntityNeverAnswers_resultAfterTheWait() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    rosterGet(BALCONY, balcony);
    mutualSubscription();
    balcony.receiveSeveralMessages(3);
    routed.holdReceipts(); // and never released: the contact's node is gone

    client(BALCONY, iq(null, null, "set", "rm", removeRomeo()));
    assertThat(delivered(balcony).attr("type")).isEqualTo("set");
    ConnectionMessage.Deliver result = balcony.expectMessageClass(
        ConnectionMessage.Deliver.class, Duration.ofSeconds(10));
    assertThat(result.stanza().attr("type")).isEqualTo("result");
  }

  @Test
  void rosterRemove_entityStopsWhileTheResultWaits_resultGoesBeforeTheRebind() {
    String rosaline = "rosaline@example.com";
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    ActorRef<Command> entity = rosalineBoundAtHome(conn);
    entity.tell(new UserSession.FromClient("home",
        presence(rosaline + "/home", ROMEO, "subscribe"))); // a pending-out item to remove
    routed.next();
    routed.holdReceipts();
    entity.tell(new UserSession.FromClient("home",
        iq(rosaline + "/home", null, "set", "rm", removeRomeo())));
    assertThat(routed.next().attr("type")).isEqualTo("unsubscribe");
    conn.expectNoMessage(Duration.ofMillis(200)); // the result waits for Romeo's entity

    entity.tell(UserSession.stopMessage()); // shard hand-off

    XmlElement result = delivered(conn);
    assertThat(result.attr("type")).isEqualTo("result");
    assertThat(result.attr("id")).isEqualTo("rm");
    conn.expectMessage(ConnectionMessage.Rebind.INSTANCE);
    conn.expectTerminated(entity);
  }

  @Test
  void inboundUnsubscribe_withReceipt_acknowledgedOnceJournaledAndDelivered() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    rosterGet(BALCONY, balcony);
    client(BALCONY, available(null, 0));
    balcony.receiveSeveralMessages(1); // own presence
    inbound(presence(ROMEO_FULL, JULIET, "subscribe"));
    assertThat(delivered(balcony).attr("type")).isEqualTo("subscribe");
    TestProbe<ConnectionMessage> remover = testKit.createTestProbe();

    kit.runCommand(new UserSession.Inbound(presence(ROMEO, JULIET, "unsubscribe"), new Receipt(ref(remover), -1)));

    assertThat(delivered(balcony).attr("type")).isEqualTo("unsubscribe");
    assertThat(remover.receiveMessage()).isEqualTo(new ConnectionMessage.Accepted(-1));
    assertThat(kit.getState().pendingIn()).isEmpty();
  }

  // --- subscriptions -----------------------------------------------------------------------------

  @Test
  void outboundSubscribe_createsPendingItem_andRoutesFromBareJid() {
    bind("balcony");
    List<Event> events = client(BALCONY, presence(null, ROMEO_FULL, "subscribe"));

    assertThat(events).containsExactly(new RosterItemSaved(
        new RosterItem(Jids.bare(ROMEO), null, List.of(), Subscription.NONE, true)));
    XmlElement out = routed.next();
    assertThat(out.attr("from")).isEqualTo(JULIET);
    assertThat(out.attr("to")).isEqualTo(ROMEO);
    assertThat(out.attr("type")).isEqualTo("subscribe");

    List<Event> approved = inbound(presence(ROMEO, JULIET, "subscribed"));
    assertThat(approved).containsExactly(new RosterItemSaved(
        new RosterItem(Jids.bare(ROMEO), null, List.of(), Subscription.TO, false)));
  }

  @Test
  void inboundSubscribe_storedUntilApproved_thenFromAndPresenceSent() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    rosterGet(BALCONY, balcony);
    client(BALCONY, available(null, 1));
    delivered(balcony); // own presence echoed

    XmlElement request = presence(ROMEO, JULIET, "subscribe");
    assertThat(inbound(request)).containsExactly(
        new SubscriptionRequestReceived(Jids.bare(ROMEO), request));
    assertThat(delivered(balcony).attr("type")).isEqualTo("subscribe");
    assertThat(kit.getState().rosterItems()).isEmpty(); // RFC 6121 §3.1.3: no roster item yet

    List<Event> events = client(BALCONY, presence(null, ROMEO, "subscribed"));
    assertThat(events).containsExactly(
        new RosterItemSaved(new RosterItem(Jids.bare(ROMEO), null, List.of(),
            Subscription.FROM, false)),
        new SubscriptionRequestCleared(Jids.bare(ROMEO)));
    List<XmlElement> out = routed.drain();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).attr("type")).isEqualTo("subscribed");
    assertThat(out.get(0).attr("from")).isEqualTo(JULIET);
    assertThat(out.get(1).name()).isEqualTo("presence");
    assertThat(out.get(1).attr("type")).isNull();
    assertThat(out.get(1).attr("from")).isEqualTo(BALCONY);
    assertThat(out.get(1).attr("to")).isEqualTo(ROMEO);

    // Appendix A.3.1: a repeated request from a subscriber is answered on the user's behalf.
    assertThat(inbound(presence(ROMEO, JULIET, "subscribe"))).isEmpty();
    assertThat(routed.next().attr("type")).isEqualTo("subscribed");
  }

  @Test
  void outboundSubscribed_withoutPendingRequest_isNotRouted() {
    bind("balcony");
    assertThat(client(BALCONY, presence(null, ROMEO, "subscribed"))).isEmpty();
    assertThat(routed.drain()).isEmpty();
  }

  @Test
  void inboundUnsubscribed_fromBoth_leavesFrom() {
    bind("balcony");
    mutualSubscription();
    inbound(presence(ROMEO, JULIET, "unsubscribed"));
    assertThat(kit.getState().item(Jids.bare(ROMEO)).subscription()).isEqualTo(Subscription.FROM);
  }

  // --- presence ----------------------------------------------------------------------------------

  @Test
  void initialPresence_broadcastsToSubscribersAndProbesContacts() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    mutualSubscription();

    client(BALCONY, available(null, 5));

    List<XmlElement> out = routed.drain();
    assertThat(out).extracting(e -> e.attr("to") + " " + e.attr("type"))
        .containsExactly(ROMEO + " null", ROMEO + " probe");
    assertThat(out.get(0).attr("from")).isEqualTo(BALCONY);
    assertThat(out.get(1).attr("from")).isEqualTo(JULIET);
    assertThat(delivered(balcony).attr("from")).isEqualTo(BALCONY);
  }

  @Test
  void probe_fromSubscriber_getsEachAvailableResource_fromStranger_getsUnsubscribed() {
    bind("balcony");
    bind("chamber");
    mutualSubscription();
    client(BALCONY, available(null, 1));
    client(CHAMBER, available(null, 0));
    routed.drain();

    inbound(presence(ROMEO, JULIET, "probe"));
    assertThat(routed.drain()).extracting(e -> e.attr("from"))
        .containsExactlyInAnyOrder(BALCONY, CHAMBER);

    inbound(presence("iago@example.com", JULIET, "probe"));
    XmlElement answer = routed.next();
    assertThat(answer.attr("type")).isEqualTo("unsubscribed");
    assertThat(answer.attr("to")).isEqualTo("iago@example.com");
  }

  @Test
  void directedPresence_recipientHearsUnavailableWhenResourceLeaves() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    client(BALCONY, presence(null, "nurse@example.com/kitchen", null));
    routed.drain();

    kit.runCommand(new UserSession.Unbind("balcony", ref(balcony)));

    XmlElement unavailable = routed.next();
    assertThat(unavailable.attr("type")).isEqualTo("unavailable");
    assertThat(unavailable.attr("to")).isEqualTo("nurse@example.com/kitchen");
    assertThat(unavailable.attr("from")).isEqualTo(BALCONY);
  }

  @Test
  void bind_sameResourceAgain_replacesOlderConnectionWhichGoesUnavailable() {
    TestProbe<ConnectionMessage> old = bind("balcony");
    mutualSubscription();
    client(BALCONY, available(null, 0));
    routed.drain();
    old.receiveSeveralMessages(1);

    TestProbe<ConnectionMessage> newer = bind("balcony");

    old.expectMessage(ConnectionMessage.Replaced.INSTANCE);
    XmlElement unavailable = routed.next();
    assertThat(unavailable.attr("type")).isEqualTo("unavailable");
    assertThat(unavailable.attr("to")).isEqualTo(ROMEO);
    inbound(message(ROMEO_FULL, BALCONY, "chat", "hi"));
    assertThat(delivered(newer).childText("body", Xml.CLIENT)).contains("hi");
    old.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void stopForHandOff_tellsBoundConnectionsToRebind() {
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    ActorRef<Command> entity = rosalineBoundAtHome(conn);

    entity.tell(UserSession.stopMessage());

    conn.expectMessage(ConnectionMessage.Rebind.INSTANCE);
    conn.expectTerminated(entity);
  }

  @Test
  void reattach_afterEntityRestart_restoresResourceSilently() {
    mutualSubscription();
    TestProbe<ConnectionMessage> balcony = testKit.createTestProbe();

    BindResult result = kit.<BindResult>runCommand(replyTo -> new UserSession.Reattach(
        "balcony", ref(balcony), available(BALCONY, 3), true, replyTo)).reply();
    assertThat(result).isInstanceOfSatisfying(BindResult.Bound.class, b -> assertThat((Object) b.jid()).isEqualTo(Jids.full(BALCONY)));
    assertThat(routed.drain()).isEmpty(); // contacts never saw it leave

    inbound(presence(ROMEO, JULIET, "probe"));
    assertThat(routed.next().attr("from")).isEqualTo(BALCONY);
    inbound(message(ROMEO_FULL, JULIET, "chat", "still there?"));
    assertThat(delivered(balcony).childText("body", Xml.CLIENT)).contains("still there?");
    inbound(presence(ROMEO, JULIET, "unsubscribe"));
    assertThat(delivered(balcony).name()).isEqualTo("iq"); // roster interest restored: a push

    TestProbe<ConnectionMessage> other = testKit.createTestProbe();
    assertThat(kit.<BindResult>runCommand(replyTo -> new UserSession.Reattach(
        "balcony", ref(other), null, false, replyTo)).reply())
        .isEqualTo(new BindResult.Refused("conflict"));
  }

  @Test
  void bind_resourceThatIsNotAValidResourcepart_isRefusedBadRequest() {
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    assertThat(kit.<BindResult>runCommand(
        replyTo -> new UserSession.Bind("", ref(conn), replyTo)).reply())
        .isEqualTo(new BindResult.Refused("bad-request"));
  }

  @Test
  void bind_beyondMaxResources_isRefused() {
    bind("a");
    bind("b");
    bind("c");
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    BindResult result = kit.<BindResult>runCommand(
        replyTo -> new UserSession.Bind("d", ref(conn), replyTo)).reply();
    assertThat(result).isEqualTo(new BindResult.Refused("resource-constraint"));
  }

  @Test
  void connectionTerminated_countsAsUnavailable() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    mutualSubscription();
    client(BALCONY, available(null, 0));
    routed.drain();

    balcony.stop();

    XmlElement unavailable = routed.next();
    assertThat(unavailable.attr("type")).isEqualTo("unavailable");
    assertThat(unavailable.attr("from")).isEqualTo(BALCONY);
    assertThat(kit.<UserSession.SessionState>runCommand(UserSession.GetState::new).reply()
        .resources()).isEmpty();
  }

  @Test
  void noResourceBound_passivatesAfterIdleTime() {
    shard.expectMessageClass(ClusterSharding.Passivate.class, Duration.ofSeconds(5));
  }

  @Test
  void idleFromAStoppingNode_passivatesOnlyWithoutABoundResource() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    kit.runCommand(UserSession.Idle.INSTANCE);
    shard.expectNoMessage(Duration.ofMillis(300));
    kit.runCommand(new UserSession.Unbind("balcony", ref(balcony)));
    kit.runCommand(UserSession.Idle.INSTANCE);
    // before the entity's own timer (1 s here) could have fired
    shard.expectMessageClass(ClusterSharding.Passivate.class, Duration.ofMillis(500));
  }

  @Test
  void resourceBound_noPassivation_thenPassivatesIdleTimeAfterTheLastOneLeft() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    shard.expectNoMessage(Duration.ofMillis(1500)); // passivate-after is 1 s here
    kit.runCommand(new UserSession.Unbind("balcony", ref(balcony)));
    shard.expectMessageClass(ClusterSharding.Passivate.class, Duration.ofSeconds(5));
  }

  // --- messages (RFC 6121 §8.5) -------------------------------------------------------------------

  @Test
  void messageToBareJid_goesToHighestPriorityResources_headlineToAllNonNegative() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    TestProbe<ConnectionMessage> chamber = bind("chamber");
    client(BALCONY, available(null, 5));
    client(CHAMBER, available(null, 1));
    balcony.receiveSeveralMessages(2);
    chamber.receiveSeveralMessages(2);

    inbound(message(ROMEO_FULL, JULIET, "chat", "to the best"));
    assertThat(delivered(balcony).childText("body", Xml.CLIENT)).contains("to the best");
    chamber.expectNoMessage(Duration.ofMillis(100));

    inbound(message(ROMEO_FULL, JULIET, "headline", "news"));
    delivered(balcony);
    delivered(chamber);

    inbound(message(ROMEO_FULL, CHAMBER, "chat", "to you"));
    assertThat(delivered(chamber).childText("body", Xml.CLIENT)).contains("to you");
  }

  @Test
  void messageToBareJid_nobodyOnline_storedThenDeliveredWithDelayOnInitialPresence() {
    inbound(message(ROMEO_FULL, JULIET, "chat", "are you there?"));
    awaitStored(1);

    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony); // own presence
    ConnectionMessage.Deliver copy = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    XmlElement late = copy.stanza();
    assertThat(late.childText("body", Xml.CLIENT)).contains("are you there?");
    XmlElement delay = late.child("delay", "urn:xmpp:delay").orElseThrow();
    assertThat(delay.attr("stamp")).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(delay.attr("from")).isEqualTo("example.com");
    balcony.expectNoMessage(Duration.ofMillis(100));
    assertThat(offline.stored(JULIET)).as("kept until the connection acknowledges the copy").hasSize(1);

    copy.receipt().ack(); // the connection wrote it
    awaitStored(0);
  }

  @Test
  void offlineStore_readOnlyWhenThisIncarnationMayHaveStoredSomething() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony); // own presence
    awaitFetches(1); // first login of this incarnation: unknown, so read
    kit.runCommand(new UserSession.Unbind("balcony", ref(balcony)));

    balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony);
    balcony.expectNoMessage(Duration.ofMillis(100));
    assertThat(offline.fetches(JULIET)).as("found empty, nothing stored since").isEqualTo(1);
    kit.runCommand(new UserSession.Unbind("balcony", ref(balcony)));

    inbound(message(ROMEO_FULL, JULIET, "chat", "while you were out"));
    awaitStored(1);
    balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony);
    ConnectionMessage.Deliver copy = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    assertThat(copy.stanza().childText("body", Xml.CLIENT)).contains("while you were out");
    assertThat(offline.fetches(JULIET)).isGreaterThanOrEqualTo(2);
    copy.receipt().ack();
    awaitStored(0);
  }

  @Test
  void offlineStore_writeLandingAfterALoginsEmptyRead_deliveredToThatLogin() {
    // A message stored while the user was away whose write lands only after the next login's
    // read (which therefore found nothing): it must still reach that login, not the one after.
    offline.hold();
    inbound(message(ROMEO_FULL, JULIET, "chat", "written slowly"));
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony); // own presence
    awaitFetches(1);
    balcony.expectNoMessage(Duration.ofMillis(100));

    offline.release();
    ConnectionMessage.Deliver copy = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    assertThat(copy.stanza().childText("body", Xml.CLIENT)).contains("written slowly");
    copy.receipt().ack();
    awaitStored(0);
  }

  private void awaitFetches(int count) {
    for (int i = 0; i < 100 && offline.fetches(JULIET) < count; i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(offline.fetches(JULIET)).isEqualTo(count);
  }

  @Test
  void offlineCopy_connectionGoneWithoutAcknowledging_staysStoredAndGoesToTheNextResource() {
    inbound(message(ROMEO_FULL, JULIET, "chat", "lost on the way?"));
    awaitStored(1);
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony); // own presence
    assertThat(delivered(balcony).childText("body", Xml.CLIENT)).contains("lost on the way?");

    // Its node drained before the copy was written: no receipt comes back.
    kit.runCommand(new UserSession.Unbind("balcony", ref(balcony)));
    assertThat(offline.stored(JULIET)).hasSize(1);

    TestProbe<ConnectionMessage> chamber = bind("chamber");
    client(CHAMBER, available(null, 0));
    delivered(chamber); // own presence
    ConnectionMessage.Deliver again = chamber.expectMessageClass(ConnectionMessage.Deliver.class);
    assertThat(again.stanza().childText("body", Xml.CLIENT)).contains("lost on the way?");
    again.receipt().ack();
    awaitStored(0);
  }

  @Test
  void offlineBacklog_deliveredAPageAtATime_nextPageOnlyAfterThisOneWasAcknowledged() {
    // A backlog larger than a page must not reach the client at once (it would overrun its
    // XEP-0198 window and be closed): the next page follows the acknowledgement of this one.
    offline.pageSize(1);
    inbound(message(ROMEO_FULL, JULIET, "chat", "first"));
    inbound(message(ROMEO_FULL, JULIET, "chat", "second"));
    awaitStored(2);
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony); // own presence
    ConnectionMessage.Deliver first = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    assertThat(first.stanza().childText("body", Xml.CLIENT)).contains("first");
    balcony.expectNoMessage(Duration.ofMillis(200));

    first.receipt().ack();
    ConnectionMessage.Deliver second = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    assertThat(second.stanza().childText("body", Xml.CLIENT)).contains("second");
    second.receipt().ack();
    awaitStored(0);
    balcony.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void offlineCopy_stillOnItsWay_notSentAgainByAnotherResourcesFetch() {
    inbound(message(ROMEO_FULL, JULIET, "chat", "once"));
    awaitStored(1);
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony); // own presence
    ConnectionMessage.Deliver copy = balcony.expectMessageClass(ConnectionMessage.Deliver.class);

    // A second resource logs in (its initial presence fetches again) while the copy to the first
    // is unacknowledged but still bound: the second does not get it too.
    TestProbe<ConnectionMessage> chamber = bind("chamber");
    client(CHAMBER, available(null, 0));
    for (int i = 0; i < 2; i++) {
      assertThat(delivered(chamber).name()).isEqualTo("presence"); // its own and balcony's
    }
    chamber.expectNoMessage(Duration.ofMillis(200));

    copy.receipt().ack();
    awaitStored(0);
  }

  @Test
  void messageToOfflineUser_overQuota_senderGetsResourceConstraint() {
    inbound(message(ROMEO_FULL, JULIET, "chat", "1"));
    inbound(message(ROMEO_FULL, JULIET, "chat", "2"));
    inbound(message(ROMEO_FULL, JULIET, "chat", "3"));
    XmlElement error = routed.next();
    assertThat(errorCondition(error)).isEqualTo("resource-constraint");
    assertThat(error.child("error", Xml.CLIENT).orElseThrow().attr("type")).isEqualTo("wait");
    assertThat(error.attr("to")).isEqualTo(ROMEO_FULL);
  }

  @Test
  void groupchatToBareJid_isServiceUnavailable_errorAndHeadlineDropped() {
    inbound(message(ROMEO_FULL, JULIET, "groupchat", "x"));
    assertThat(errorCondition(routed.next())).isEqualTo("service-unavailable");
    inbound(message(ROMEO_FULL, JULIET, "headline", "x"));
    inbound(message(ROMEO_FULL, JULIET, "error", null));
    assertThat(routed.drain()).isEmpty();
    assertThat(offline.stored(JULIET)).isEmpty();
  }

  // --- IQ ----------------------------------------------------------------------------------------

  @Test
  void iqToUnboundFullJid_isServiceUnavailable_toBareJidDiscoAnswersAccount() {
    inbound(iq(ROMEO_FULL, BALCONY, "get", "v1", XmlElement.of("query", "jabber:iq:version")));
    assertThat(errorCondition(routed.next())).isEqualTo("service-unavailable");

    inbound(iq(ROMEO_FULL, JULIET, "get", "d1",
        XmlElement.of("query", "http://jabber.org/protocol/disco#info")));
    XmlElement identity = routed.next().child("query", "http://jabber.org/protocol/disco#info")
        .orElseThrow().child("identity", "http://jabber.org/protocol/disco#info").orElseThrow();
    assertThat(identity.attr("category")).isEqualTo("account");
    assertThat(identity.attr("type")).isEqualTo("registered");
  }

  @Test
  void iqWithoutTo_unknownNamespace_goesToServerDomain() {
    bind("balcony");
    client(BALCONY, iq(null, null, "get", "p1", XmlElement.of("ping", "urn:xmpp:ping")));
    XmlElement out = routed.next();
    assertThat(out.attr("to")).isEqualTo("example.com");
    assertThat(out.attr("from")).isEqualTo(BALCONY);
  }

  @Test
  void vcard_setByOwner_readableByOthers() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    XmlElement vcard = XmlElement.builder("vCard", "vcard-temp").textChild("FN", "Juliet").build();
    assertThat(client(BALCONY, iq(null, null, "set", "v1", vcard)))
        .containsExactly(new VcardStored(vcard));
    assertThat(delivered(balcony).attr("type")).isEqualTo("result");

    inbound(iq(ROMEO_FULL, JULIET, "get", "v2", XmlElement.of("vCard", "vcard-temp")));
    XmlElement result = routed.next();
    assertThat(result.attr("type")).isEqualTo("result");
    assertThat(result.child("vCard", "vcard-temp").orElseThrow()).isEqualTo(vcard);

    inbound(iq(ROMEO_FULL, JULIET, "set", "v3", vcard));
    assertThat(errorCondition(routed.next())).isEqualTo("forbidden");
  }

  @Test
  void privateStorage_roundTrips_reservedNamespaceRejected() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    XmlElement prefs = XmlElement.builder("prefs", "exodus:prefs").textChild("x", "1").build();
    client(BALCONY, iq(null, null, "set", "p1",
        XmlElement.builder("query", "jabber:iq:private").child(prefs).build()));
    assertThat(delivered(balcony).attr("type")).isEqualTo("result");

    client(BALCONY, iq(null, null, "get", "p2", XmlElement.builder("query", "jabber:iq:private")
        .child(XmlElement.of("prefs", "exodus:prefs")).build()));
    assertThat(delivered(balcony).child("query", "jabber:iq:private").orElseThrow()
        .child("prefs", "exodus:prefs").orElseThrow()).isEqualTo(prefs);

    client(BALCONY, iq(null, null, "get", "p3", XmlElement.builder("query", "jabber:iq:private")
        .child(XmlElement.of("query", "jabber:iq:roster")).build()));
    assertThat(errorCondition(delivered(balcony))).isEqualTo("not-acceptable");
  }

  // --- blocking ----------------------------------------------------------------------------------

  @Test
  void blocking_blockedSenderRefused_outboundToBlockedRefused_unblockAllClears() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    delivered(balcony);
    client(BALCONY, iq(null, null, "get", "b0", XmlElement.of("blocklist", "urn:xmpp:blocking")));
    delivered(balcony);

    List<Event> events = client(BALCONY, iq(null, null, "set", "b1",
        XmlElement.builder("block", "urn:xmpp:blocking").child(XmlElement.builder("item",
            "urn:xmpp:blocking").attr("jid", "iago@example.com").build()).build()));
    assertThat(events).containsExactly(new JidsBlocked(List.of(Jids.of("iago@example.com"))));
    assertThat(delivered(balcony).attr("type")).isEqualTo("result");
    assertThat(delivered(balcony).child("block", "urn:xmpp:blocking")).isPresent(); // push

    inbound(message("iago@example.com/x", JULIET, "chat", "psst"));
    assertThat(errorCondition(routed.next())).isEqualTo("service-unavailable");
    inbound(presence("iago@example.com/x", JULIET, null));
    balcony.expectNoMessage(Duration.ofMillis(100));

    client(BALCONY, message(null, "iago@example.com", "chat", "go away"));
    XmlElement refused = delivered(balcony);
    assertThat(errorCondition(refused)).isEqualTo("not-acceptable");
    assertThat(refused.child("error", Xml.CLIENT).orElseThrow()
        .child("blocked", "urn:xmpp:blocking:errors")).isPresent();
    assertThat(routed.drain()).isEmpty();

    assertThat(client(BALCONY, iq(null, null, "set", "b2", XmlElement.of("unblock",
        "urn:xmpp:blocking")))).containsExactly(BlocklistCleared.INSTANCE);
    assertThat(kit.getState().blocklist()).isEmpty();
  }

  // --- persistence -------------------------------------------------------------------------------

  @Test
  void restart_recoversRosterFromJournalAndSnapshots() {
    bind("balcony");
    mutualSubscription(); // more events than snapshot-every=5
    client(BALCONY, iq(null, null, "set", "s1", rosterItem("nurse@example.com", "Nurse")));
    Account before = kit.getState();

    kit.restart();

    assertThat(kit.getState()).isEqualTo(before);
    assertThat(kit.getState().rosterVersion()).isEqualTo(before.rosterVersion());
  }

  // --- the account: existence (RFC 6121 §8.5.1), incarnations, deletion -------------------------

  private static final String GHOST = "ghost@example.com";
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant CREATED_AGAIN = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void inbound_noSuchAccount_messagesAndIqRequestsServiceUnavailable_presenceDropped_nothingKept() {
    directory.deleted(GHOST);
    var ghost = kitFor(GHOST);

    assertThat(ghost.runCommand(new UserSession.Inbound(message(ROMEO_FULL, GHOST, "chat", "hi")))
        .events()).isEmpty();
    XmlElement bounced = routed.next();
    assertThat(errorCondition(bounced)).isEqualTo("service-unavailable");
    assertThat(bounced.attr("to")).isEqualTo(ROMEO_FULL);
    assertThat(bounced.attr("from")).isEqualTo(GHOST);
    ghost.runCommand(new UserSession.Inbound(message(ROMEO_FULL, GHOST + "/r", "normal", "x")));
    assertThat(errorCondition(routed.next())).isEqualTo("service-unavailable");
    ghost.runCommand(new UserSession.Inbound(iq(ROMEO_FULL, GHOST, "get", "v1",
        XmlElement.of("vCard", "vcard-temp"))));
    XmlElement iqError = routed.next();
    assertThat(errorCondition(iqError)).isEqualTo("service-unavailable");
    assertThat(iqError.attr("id")).isEqualTo("v1");
    ghost.runCommand(new UserSession.Inbound(iq(ROMEO_FULL, GHOST + "/r", "set", "s1",
        XmlElement.of("query", "jabber:iq:private"))));
    assertThat(errorCondition(routed.next())).isEqualTo("service-unavailable");

    for (String type : new String[] {"subscribe", "subscribed", "unsubscribe", "unsubscribed",
        "unavailable", null}) {
      assertThat(ghost.runCommand(new UserSession.Inbound(presence(ROMEO_FULL, GHOST, type)))
          .events()).isEmpty();
    }
    ghost.runCommand(new UserSession.Inbound(message(ROMEO_FULL, GHOST, "error", null)));
    ghost.runCommand(new UserSession.Inbound(iq(ROMEO_FULL, GHOST, "result", "r1", null)));
    assertThat(routed.drain()).isEmpty();

    ghost.runCommand(new UserSession.Inbound(presence(ROMEO_FULL, GHOST, "probe")));
    XmlElement probeAnswer = routed.next();
    assertThat(probeAnswer.attr("type")).isEqualTo("unsubscribed");
    assertThat(probeAnswer.attr("to")).isEqualTo(ROMEO);

    assertThat(offline.stored(GHOST)).isEmpty();
    assertThat(ghost.getState()).isEqualTo(Account.EMPTY);
    shard.expectMessageClass(ClusterSharding.Passivate.class, Duration.ofSeconds(5));
  }

  @Test
  void bindAndReattach_noSuchAccount_areRefusedNotAuthorized() {
    directory.deleted(GHOST);
    var ghost = kitFor(GHOST);
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();

    assertThat(ghost.<BindResult>runCommand(
        replyTo -> new UserSession.Bind("home", ref(conn), replyTo)).reply())
        .isEqualTo(new BindResult.Refused("not-authorized"));
    assertThat(ghost.<BindResult>runCommand(replyTo -> new UserSession.Reattach(
        "home", ref(conn), null, false, replyTo)).reply())
        .isEqualTo(new BindResult.Refused("not-authorized"));
    assertThat(ghost.getState()).isEqualTo(Account.EMPTY);
  }

  @Test
  void bind_accountCreatedAfterEntityFoundNone_checksAgainAndBinds() {
    directory.deleted(GHOST);
    var ghost = kitFor(GHOST);
    ghost.runCommand(new UserSession.Inbound(message(ROMEO_FULL, GHOST, "chat", "early")));
    assertThat(errorCondition(routed.next())).isEqualTo("service-unavailable");

    directory.created(GHOST, CREATED); // registered in-band, then logged in
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    var bound = ghost.<BindResult>runCommand(
        replyTo -> new UserSession.Bind("home", ref(conn), replyTo));

    assertThat(bound.reply()).isInstanceOfSatisfying(BindResult.Bound.class, b -> assertThat((Object) b.jid()).isEqualTo(Jids.full(GHOST + "/home")));
    assertThat(bound.events()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("at")
        .containsExactly(new AccountIncarnationAdopted(CREATED), new ResourceOnline("home", "pekko://UserSessionTest"));
    ghost.runCommand(new UserSession.Inbound(message(ROMEO_FULL, GHOST + "/home", "chat", "now")));
    assertThat(delivered(conn).childText("body", Xml.CLIENT)).contains("now");
  }

  @Test
  void restart_accountCreatedAgain_forgetsRosterRequestsBlocklistVcardPrivateAndOfflineMail() {
    directory.created(JULIET, CREATED);
    kit.restart();
    TestProbe<ConnectionMessage> balcony = bind("balcony"); // the first command runs the check
    assertThat(kit.getState().incarnation()).isEqualTo(CREATED);
    mutualSubscription();
    inbound(presence("nurse@example.com", JULIET, "subscribe"));
    client(BALCONY, iq(null, null, "set", "b1", XmlElement.builder("block", "urn:xmpp:blocking")
        .child(XmlElement.builder("item", "urn:xmpp:blocking").attr("jid", "iago@example.com")
            .build()).build()));
    client(BALCONY, iq(null, null, "set", "v1",
        XmlElement.builder("vCard", "vcard-temp").textChild("FN", "Juliet").build()));
    client(BALCONY, iq(null, null, "set", "p1", XmlElement.builder("query", "jabber:iq:private")
        .child(XmlElement.of("prefs", "exodus:prefs")).build()));
    kit.runCommand(new UserSession.Unbind("balcony", ref(balcony)));
    inbound(message(ROMEO_FULL, JULIET, "chat", "for the old owner"));
    awaitStored(1);
    Account old = kit.getState();
    assertThat(old.hasData()).isTrue();

    directory.created(JULIET, CREATED_AGAIN); // deleted with ./switchboard deluser, added again
    kit.restart();
    touch();

    Account fresh = kit.getState();
    assertThat(fresh.rosterItems()).isEmpty();
    assertThat(fresh.pendingIn()).isEmpty();
    assertThat(fresh.blocklist()).isEmpty();
    assertThat(fresh.vcard()).isNull();
    assertThat(fresh.privateXml().entries()).isEmpty();
    assertThat(fresh.incarnation()).isEqualTo(CREATED_AGAIN);
    assertThat(fresh.rosterVersion()).isGreaterThan(old.rosterVersion()); // no stale cache hit
    assertThat(offline.stored(JULIET)).isEmpty();
    assertThat(offline.deletedAll(JULIET)).isEqualTo(1);

    kit.restart(); // the same incarnation again: nothing happens
    touch();
    assertThat(kit.getState()).isEqualTo(fresh);
    assertThat(offline.deletedAll(JULIET)).isEqualTo(1);
  }

  @Test
  void loginBinds_carryingTheAccountsCreationTime_entityNeverReadsTheAccount() {
    directory.created(JULIET, CREATED);
    kit.restart();

    assertThat(bindReadBy(kit, "balcony", CREATED).result()).isInstanceOf(BindResult.Bound.class);
    assertThat(kit.getState().incarnation()).as("adopted from the login's read").isEqualTo(CREATED);
    assertThat(bindReadBy(kit, "chamber", CREATED).result()).isInstanceOf(BindResult.Bound.class);

    assertThat(directory.asked()).isZero();
  }

  @Test
  void loginBind_withANewerCreationTime_checksAndStartsFromAnEmptyState() {
    directory.created(JULIET, CREATED);
    kit.restart();
    bindReadBy(kit, "balcony", CREATED);
    client(BALCONY, iq(null, null, "set", "s1", rosterItem(ROMEO, "Romeo")));
    assertThat(kit.getState().rosterItems()).isNotEmpty();

    directory.created(JULIET, CREATED_AGAIN); // deleted and added again while the entity lived
    BindOutcome again = bindReadBy(kit, "chamber", CREATED_AGAIN);

    assertThat(again.result()).isInstanceOf(BindResult.Bound.class);
    assertThat(kit.getState().incarnation()).isEqualTo(CREATED_AGAIN);
    assertThat(kit.getState().rosterItems()).isEmpty();
    assertThat(directory.asked()).as("a changed incarnation is checked with the directory").isOne();
  }

  private record BindOutcome(BindResult result, TestProbe<ConnectionMessage> connection) {}

  private BindOutcome bindReadBy(EventSourcedBehaviorTestKit<Command, Event, Account> k, String resource,
      Instant createdAt) {
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    BindResult result = k.<BindResult>runCommand(
        replyTo -> new UserSession.Bind(resource, ref(conn), replyTo, createdAt)).reply();
    return new BindOutcome(result, conn);
  }

  @Test
  void bind_accountCreatedAgainWhileEntityLived_closesOldLoginsAndStartsEmpty() {
    directory.created(JULIET, CREATED);
    kit.restart();
    TestProbe<ConnectionMessage> old = bind("balcony");
    client(BALCONY, iq(null, null, "set", "s1", rosterItem(ROMEO, "Romeo")));
    delivered(old);
    assertThat(kit.getState().rosterItems()).hasSize(1);

    directory.created(JULIET, CREATED_AGAIN);
    TestProbe<ConnectionMessage> fresh = testKit.createTestProbe();
    var result = kit.<BindResult>runCommand(
        replyTo -> new UserSession.Bind("chamber", ref(fresh), replyTo));

    assertThat(result.reply()).isInstanceOfSatisfying(BindResult.Bound.class, b -> assertThat((Object) b.jid()).isEqualTo(Jids.full(CHAMBER)));
    assertThat(result.events()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("at")
        .containsExactly(new AccountIncarnationStarted(CREATED_AGAIN),
            new ResourceOnline("chamber", "pekko://UserSessionTest"));
    old.expectMessage(new ConnectionMessage.Close("not-authorized"));
    assertThat(kit.getState().rosterItems()).isEmpty();
    assertThat(kit.<UserSession.SessionState>runCommand(UserSession.GetState::new).reply()
        .resources()).extracting(UserSession.ResourceView::resource).containsExactly("chamber");
  }

  @Test
  void closeSessions_ofOneResourceThenAll_closesThoseConnectionsOnly() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    TestProbe<ConnectionMessage> chamber = bind("chamber");

    var one = kit.<Integer>runCommand(r -> new UserSession.CloseSessions("balcony", "policy-violation", r));

    assertThat(one.reply()).isEqualTo(1);
    assertThat(closeReceived(balcony)).isEqualTo(new ConnectionMessage.Close("policy-violation"));
    assertThat(kit.<UserSession.SessionState>runCommand(UserSession.GetState::new).reply().resources())
        .extracting(UserSession.ResourceView::resource).containsExactly("chamber");

    var all = kit.<Integer>runCommand(r -> new UserSession.CloseSessions(null, "policy-violation", r));

    assertThat(all.reply()).isEqualTo(1);
    assertThat(closeReceived(chamber)).isEqualTo(new ConnectionMessage.Close("policy-violation"));
    assertThat(kit.<UserSession.SessionState>runCommand(UserSession.GetState::new).reply().resources()).isEmpty();
    assertThat(kit.<Integer>runCommand(r -> new UserSession.CloseSessions(null, "policy-violation", r)).reply())
        .isZero();
  }

  /** The first Close among what {@code conn} got (records and deliveries may come first). */
  private static ConnectionMessage.Close closeReceived(TestProbe<ConnectionMessage> conn) {
    for (int i = 0; i < 20; i++) {
      if (conn.receiveMessage() instanceof ConnectionMessage.Close c) {
        return c;
      }
    }
    throw new AssertionError("no Close");
  }

  @Test
  void accountDeleted_closesConnectionsCancelsSubscriptionsForgetsStateAndPassivates() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    mutualSubscription();
    client(BALCONY, available(null, 0));
    delivered(balcony); // own presence
    inbound(message(ROMEO_FULL, JULIET, "chat", "kept")); // delivered, not stored
    delivered(balcony);
    routed.drain();

    List<Event> events = kit.runCommand(UserSession.AccountDeleted.INSTANCE).events();

    assertThat(events).containsExactly(AccountRemoved.INSTANCE);
    balcony.expectMessage(new ConnectionMessage.Close("not-authorized"));
    assertThat(routed.drain()).extracting(e -> e.attr("to") + " " + e.attr("type"))
        .containsExactly(ROMEO + " unavailable", ROMEO + " unsubscribe", ROMEO + " unsubscribed");
    shard.expectMessageClass(ClusterSharding.Passivate.class);
    assertThat(kit.getState().hasData()).isFalse();
    assertThat(kit.getState().incarnation()).isNull();
    assertThat(offline.deletedAll(JULIET)).isEqualTo(1);
    assertThat(kit.<UserSession.SessionState>runCommand(UserSession.GetState::new).reply()
        .resources()).isEmpty();

    // Until it passivates, the entity answers as for an account that does not exist.
    inbound(message(ROMEO_FULL, JULIET, "chat", "gone?"));
    assertThat(errorCondition(routed.next())).isEqualTo("service-unavailable");
    assertThat(offline.stored(JULIET)).isEmpty();
  }

  @Test
  void commandsDuringAccountCheck_areStashed_thenHandledInArrivalOrder() {
    directory.hold();
    ActorRef<Command> entity = testKit.spawn(UserSession.create(Jids.bare("benvolio@example.com"),
        shard.ref(), new UserSessionSettings(Duration.ofMinutes(1), 5, 2, 3, "", ""),
        new SessionDependencies(routed, offline, Clock.systemUTC(), directory)));
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    TestProbe<BindResult> reply = testKit.createTestProbe();
    entity.tell(new UserSession.Bind("square", ref(conn), reply.ref()));
    for (int i = 1; i <= 3; i++) {
      entity.tell(new UserSession.Inbound(
          message(ROMEO_FULL, "benvolio@example.com/square", "chat", "m" + i)));
    }
    reply.expectNoMessage(Duration.ofMillis(200));
    conn.expectNoMessage(Duration.ZERO);

    directory.release();

    assertThat(reply.receiveMessage()).isInstanceOfSatisfying(BindResult.Bound.class, b -> assertThat((Object) b.jid()).isEqualTo(Jids.full("benvolio@example.com/square")));
    for (int i = 1; i <= 3; i++) {
      assertThat(delivered(conn).childText("body", Xml.CLIENT)).contains("m" + i);
    }
    assertThat(directory.asked()).isGreaterThanOrEqualTo(1);
  }

  private void awaitStored(int count) {
    for (int i = 0; i < 100 && offline.stored(JULIET).size() != count; i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertThat(offline.stored(JULIET)).hasSize(count);
  }

  // --- receipts: a client's messages are acknowledged only once handed on ---------------------

  @Test
  void messageToAnotherUser_withReceipt_isRoutedThenAcknowledged() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");

    kit.runCommand(new UserSession.FromClient("balcony",
        message(BALCONY, ROMEO, "chat", "hi"), new Receipt(ref(balcony), 7)));

    assertThat(routed.drain()).extracting(e -> e.attr("to")).containsExactly(ROMEO);
    assertThat(balcony.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(7);
  }

  @Test
  void inboundMessage_withReceipt_travelsToTheRecipientConnectionUnacknowledged() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    routed.drain();
    TestProbe<ConnectionMessage> sender = testKit.createTestProbe();

    kit.runCommand(new UserSession.Inbound(message(ROMEO_FULL, JULIET, "chat", "hi"),
        new Receipt(ref(sender), 3)));

    ConnectionMessage.Deliver d = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    while (!d.stanza().name().equals("message")) { // own presence echo first
      d = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    }
    assertThat(d.receipt()).isEqualTo(new Receipt(ref(sender), 3));
    sender.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void inboundMessage_withReceipt_nobodyOnline_acknowledgedOnceStoredOffline() {
    TestProbe<ConnectionMessage> sender = testKit.createTestProbe();

    kit.runCommand(new UserSession.Inbound(message(ROMEO_FULL, JULIET, "chat", "hi"),
        new Receipt(ref(sender), 4)));

    assertThat(sender.expectMessageClass(ConnectionMessage.Accepted.class).seq()).isEqualTo(4);
    assertThat(offline.stored(JULIET)).hasSize(1);
  }

  @Test
  void stanzaFromUnknownConnection_makesItReattach_routesMessagesOnly() {
    TestProbe<ConnectionMessage> stranger = testKit.createTestProbe();

    kit.runCommand(new UserSession.FromClient("balcony",
        message(BALCONY, ROMEO, "chat", "during failover"), new Receipt(ref(stranger), 1)));
    kit.runCommand(new UserSession.FromClient("balcony",
        available(BALCONY, 0), new Receipt(ref(stranger), 2)));

    assertThat(stranger.receiveSeveralMessages(3)).containsExactly(
        ConnectionMessage.Rebind.INSTANCE,
        new ConnectionMessage.Accepted(1),
        ConnectionMessage.Rebind.INSTANCE);
    assertThat(routed.drain()).extracting(e -> e.attr("to")).containsExactly(ROMEO);
    stranger.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void bound_carriesTheEntityIncarnation() {
    TestProbe<ConnectionMessage> conn = testKit.createTestProbe();
    BindResult result = kit.<BindResult>runCommand(
        replyTo -> new UserSession.Bind("balcony", ref(conn), replyTo)).reply();
    assertThat(result).isInstanceOfSatisfying(BindResult.Bound.class,
        b -> assertThat(b.entity()).isNotNull());
  }

  // --- failover: resources recorded online --------------------------------------------------------

  @Test
  void restart_resourceNotReattachedWithinGrace_contactsHearItLeave() {
    bind("balcony");
    mutualSubscription();
    assertThat(kit.getState().online()).containsOnlyKeys("balcony");

    kit.restart(); // as on another node after a crash: nothing re-attaches

    XmlElement unavailable = routed.next(); // waits up to the probe's default timeout
    assertThat(unavailable.name()).isEqualTo("presence");
    assertThat(unavailable.attr("type")).isEqualTo("unavailable");
    assertThat(unavailable.attr("from")).isEqualTo(BALCONY);
    assertThat(unavailable.attr("to")).isEqualTo(ROMEO);
    assertThat(kit.getState().online()).isEmpty();
  }

  @Test
  void restart_resourceReattachesWithinGrace_nothingAnnounced() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    mutualSubscription();

    kit.restart();
    BindResult again = kit.<BindResult>runCommand(replyTo -> new UserSession.Reattach(
        "balcony", ref(balcony), null, false, replyTo)).reply();

    assertThat(again).isInstanceOf(BindResult.Bound.class);
    balcony.expectNoMessage(GRACE.multipliedBy(2));
    assertThat(routed.drain()).isEmpty();
    assertThat(kit.getState().online()).containsOnlyKeys("balcony");
  }

  @Test
  void unbind_recordsTheResourceOffline() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");

    List<Event> events = kit.runCommand(new UserSession.Unbind("balcony", ref(balcony))).events();

    assertThat(events).containsExactly(new ResourceOffline("balcony", NOW)); // when: XEP-0012
    assertThat(kit.getState().online()).isEmpty();
  }

  @Test
  void restart_stanzasWaitForTheReattach_thenReachTheResourceNotOfflineStorage() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    mutualSubscription();

    kit.restart();
    kit.runCommand(new UserSession.Inbound(message(ROMEO_FULL, JULIET, "chat", "during failover")));
    BindResult again = kit.<BindResult>runCommand(replyTo -> new UserSession.Reattach(
        "balcony", ref(balcony), available(BALCONY, 0), false, replyTo)).reply();

    assertThat(again).isInstanceOf(BindResult.Bound.class);
    ConnectionMessage.Deliver d = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    while (!d.stanza().name().equals("message")) {
      d = balcony.expectMessageClass(ConnectionMessage.Deliver.class);
    }
    assertThat(d.stanza().childText("body", d.stanza().namespace())).contains("during failover");
    assertThat(offline.stored(JULIET)).isEmpty();
  }

  // --- XEP-0198 resumption held by the entity ------------------------------------------------------

  private void enableResumption(String resource, TestProbe<ConnectionMessage> conn, long resumeMillis) {
    kit.runCommand(new UserSession.StreamManagementEnabled(resource, ref(conn),
        new SmTicket("token-1", 0, 0, 0, resumeMillis)));
  }

  @Test
  void park_survivesARestart_resumeAnswersHandledCountReplayAndWhatCameMeanwhile() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    mutualSubscription();
    enableResumption("balcony", balcony, 60_000);
    for (long seq = 1; seq <= 2; seq++) {
      kit.runCommand(new UserSession.FromClient("balcony",
          message(BALCONY, ROMEO_FULL, "chat", "out " + seq), new Receipt(ref(balcony), seq)));
    }
    routed.drain();
    balcony.receiveSeveralMessages(0);
    TestProbe<ConnectionMessage> romeo = testKit.createTestProbe();
    XmlElement unacked = message(ROMEO_FULL, BALCONY, "chat", "written, not acknowledged");

    List<Event> events = kit.runCommand(new UserSession.Park("balcony", ref(balcony), 5,
        List.of(unacked), java.util.Arrays.asList(new Receipt(ref(romeo), 9)))).events();

    assertThat(events).hasSize(1).first().isInstanceOf(ResourceParked.class);
    assertThat(romeo.receiveMessage()).as("the entity took over the receipt")
        .isEqualTo(new ConnectionMessage.Accepted(9));
    balcony.fishForMessage(Duration.ofSeconds(3), m -> m == ConnectionMessage.ParkAccepted.INSTANCE
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    inbound(message(ROMEO_FULL, JULIET, "chat", "while parked"));
    assertThat(offline.stored(JULIET)).as("nothing is written to a parked session").hasSize(1);
    assertThat(routed.drain()).as("contacts do not hear it leave").isEmpty();

    kit.restart(); // the entity's node died too: the park is in the journal
    TestProbe<ConnectionMessage> resumed = testKit.createTestProbe();
    ResumeResult result = kit.<ResumeResult>runCommand(replyTo -> new UserSession.Resume(
        "balcony", "token-1", 5, 60_000, ref(resumed), replyTo)).reply();

    assertThat(result).isInstanceOfSatisfying(ResumeResult.Resumed.class, r -> {
      assertThat(r.handled()).as("the client's two stanzas were handled").isEqualTo(2);
      assertThat(r.replay()).containsExactly(unacked);
    });
    XmlElement fromOffline = delivered(resumed);
    assertThat(fromOffline.childText("body", fromOffline.namespace())).contains("while parked");
    assertThat(kit.getState().parked()).isEmpty();
    assertThat(routed.drain()).as("contacts never heard it leave").isEmpty();
  }

  @Test
  void connectionLost_parks_wrongTokenFails_expiryAnnouncesUnavailableAndReroutes() throws Exception {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    client(BALCONY, available(null, 0));
    mutualSubscription();
    enableResumption("balcony", balcony, 400);

    balcony.stop(); // its node died

    TestProbe<ConnectionMessage> other = testKit.createTestProbe();
    for (int i = 0; i < 60 && !kit.getState().parked().containsKey("balcony"); i++) {
      Thread.sleep(50); // the entity notices the termination
    }
    assertThat(kit.getState().parked()).containsKey("balcony");
    ResumeResult wrong = kit.<ResumeResult>runCommand(replyTo -> new UserSession.Resume(
        "balcony", "not-the-token", 0, 60_000, ref(other), replyTo)).reply();
    assertThat(wrong).isEqualTo(ResumeResult.Failed.INSTANCE);

    XmlElement unavailable = routed.next(); // after the 400 ms window
    assertThat(unavailable.attr("type")).isEqualTo("unavailable");
    assertThat(unavailable.attr("from")).isEqualTo(BALCONY);
    assertThat(kit.getState().parked()).isEmpty();
    assertThat(kit.getState().online()).isEmpty();
    ResumeResult late = kit.<ResumeResult>runCommand(replyTo -> new UserSession.Resume(
        "balcony", "token-1", 0, 60_000, ref(other), replyTo)).reply();
    assertThat(late).as("XEP-0198 item-not-found").isEqualTo(ResumeResult.Failed.INSTANCE);
  }

  @Test
  void resume_whileTheOldStreamStillCountsAsLive_takesOverAndReleasesTheOldConnection() {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    enableResumption("balcony", balcony, 60_000);
    kit.runCommand(new UserSession.FromClient("balcony",
        message(BALCONY, ROMEO_FULL, "chat", "one"), new Receipt(ref(balcony), 1)));
    TestProbe<ConnectionMessage> fresh = testKit.createTestProbe();

    ResumeResult result = kit.<ResumeResult>runCommand(replyTo -> new UserSession.Resume(
        "balcony", "token-1", 0, 60_000, ref(fresh), replyTo)).reply();

    assertThat(result).isInstanceOfSatisfying(ResumeResult.Resumed.class,
        r -> assertThat(r.handled()).isEqualTo(1));
    balcony.fishForMessage(Duration.ofSeconds(3), m -> m == ConnectionMessage.Released.INSTANCE
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    inbound(message(ROMEO_FULL, BALCONY, "chat", "to the new stream"));
    XmlElement d = delivered(fresh);
    assertThat(d.childText("body", d.namespace())).contains("to the new stream");
  }

  @Test
  void offlineMessage_copyReSentByTheSender_storedOnce() {
    TestProbe<ConnectionMessage> sender = testKit.createTestProbe();
    Receipt receipt = new Receipt(ref(sender), 42);
    XmlElement m = message(ROMEO_FULL, JULIET, "chat", "once");

    kit.runCommand(new UserSession.Inbound(m, receipt));
    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Accepted(42));
    kit.runCommand(new UserSession.Inbound(m, receipt));

    assertThat(sender.receiveMessage()).as("the copy is acknowledged")
        .isEqualTo(new ConnectionMessage.Accepted(42));
    assertThat(offline.stored(JULIET)).hasSize(1);
  }

  @Test
  void offlineMessage_copyArrivingWhileTheFirstIsBeingStored_droppedAndAcknowledgedOnceByTheWrite() {
    TestProbe<ConnectionMessage> sender = testKit.createTestProbe();
    Receipt receipt = new Receipt(ref(sender), 43);
    XmlElement m = message(ROMEO_FULL, JULIET, "chat", "slow storage");
    offline.hold();

    kit.runCommand(new UserSession.Inbound(m, receipt));
    kit.runCommand(new UserSession.Inbound(m, receipt)); // the sender re-sent it meanwhile
    sender.expectNoMessage(Duration.ofMillis(100));
    offline.release();

    assertThat(sender.receiveMessage()).isEqualTo(new ConnectionMessage.Accepted(43));
    sender.expectNoMessage(Duration.ofMillis(100));
    assertThat(offline.stored(JULIET)).hasSize(1);
  }

  // --- XEP-0163 PEP and XEP-0115 +notify -----------------------------------------------------------

  /** Records what the entity hands the PEP service. */
  static final class RecordingPep implements PepHandler {
    final java.util.concurrent.LinkedBlockingQueue<XmlElement> requests = new java.util.concurrent.LinkedBlockingQueue<>();
    final java.util.concurrent.LinkedBlockingQueue<String> lastItems = new java.util.concurrent.LinkedBlockingQueue<>();

    @Override
    public void handle(org.jxmpp.jid.EntityBareJid owner, XmlElement stanza, StanzaRouting replies) {
      requests.add(stanza);
    }

    @Override
    public void contactOnline(org.jxmpp.jid.EntityBareJid owner, org.jxmpp.jid.FullJid contact,
        java.util.Set<String> notifyNodes) {
      lastItems.add(contact + " " + new java.util.TreeSet<>(notifyNodes));
    }

    @Override
    public List<String> features() {
      return List.of("http://jabber.org/protocol/pubsub#publish");
    }
  }

  private static final String GEOLOC = "http://jabber.org/protocol/geoloc";
  private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";

  private static XmlElement capsQuery(String... features) {
    XmlElement.Builder q = XmlElement.builder("query", DISCO_INFO)
        .child(XmlElement.builder("identity", DISCO_INFO).attr("category", "client").attr("type", "pc"));
    for (String f : features) {
      q.child(XmlElement.builder("feature", DISCO_INFO).attr("var", f));
    }
    return q.build();
  }

  private static XmlElement withCaps(XmlElement presence, String ver) {
    return presence.withChild(XmlElement.builder("c", "http://jabber.org/protocol/caps")
        .attr("hash", "sha-1").attr("node", "https://example.org/client").attr("ver", ver).build());
  }

  private List<String> notifyTargets(String node) {
    return kit.<UserSession.NotifyTargetsReply>runCommand(
        replyTo -> new UserSession.NotifyTargets(node, replyTo)).reply().fullJids();
  }

  @Test
  void pubsubRequestToOwnBareJid_goesToThePepService_andDiscoShowsThePepIdentity() throws Exception {
    TestProbe<ConnectionMessage> balcony = bind("balcony");
    XmlElement publish = iq(null, JULIET, "set", "p1", XmlElement.builder("pubsub", "http://jabber.org/protocol/pubsub")
        .child(XmlElement.builder("publish", "http://jabber.org/protocol/pubsub").attr("node", GEOLOC)).build());

    client(BALCONY, publish);
    client(BALCONY, iq(null, JULIET, "get", "d1", XmlElement.of("query", DISCO_INFO)));

    XmlElement handed = pep.requests.poll(3, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(handed).isNotNull();
    assertThat(handed.attr("id")).isEqualTo("p1");
    assertThat(handed.attr("from")).isEqualTo(BALCONY);
    XmlElement info = delivered(balcony);
    assertThat(info.toXml()).contains("category=\"pubsub\"").contains("type=\"pep\"")
        .contains("pubsub#publish");
  }

  @Test
  void contactWithNotifyCaps_isATarget_getsLastItems_contactWithoutIsNot() {
    bind("balcony");
    mutualSubscription();
    XmlElement withNotify = capsQuery(GEOLOC + "+notify", GEOLOC);
    String ver = io.switchboard.sharding.caps.CapsVerification.ver("sha-1", withNotify).orElseThrow();

    // Unknown caps: the entity asks the contact, checks the answer, then sends last items.
    inbound(withCaps(available(ROMEO_FULL, 0).withAttribute("to", JULIET), ver));
    XmlElement query = routed.next();
    assertThat(query.attr("to")).isEqualTo(ROMEO_FULL);
    assertThat(query.toXml()).contains(ver);
    assertThat(notifyTargets(GEOLOC)).as("unresolved caps: not yet").isEmpty();
    inbound(XmlElement.builder("iq", Xml.CLIENT).attr("type", "result").attr("id", query.attr("id"))
        .attr("from", ROMEO_FULL).attr("to", JULIET).child(withNotify).build());

    assertThat(notifyTargets(GEOLOC)).containsExactly(ROMEO_FULL);
    assertThat(notifyTargets("urn:xmpp:avatar:metadata")).isEmpty();
    assertThat(pep.lastItems.poll()).isEqualTo(ROMEO_FULL + " [" + GEOLOC + "]");
    assertThat(capsDirectory.features(ver).toCompletableFuture().join()).isPresent();

    // Caps change to add a node (a known ver this time): last items of the new node only.
    String tune = "http://jabber.org/protocol/tune";
    XmlElement more = capsQuery(GEOLOC + "+notify", GEOLOC, tune + "+notify");
    String ver2 = io.switchboard.sharding.caps.CapsVerification.ver("sha-1", more).orElseThrow();
    capsDirectory.learned(ver2, io.switchboard.sharding.caps.CapsVerification.features(more));
    inbound(withCaps(available(ROMEO_FULL, 0).withAttribute("to", JULIET), ver2));
    assertThat(notifyTargets(tune)).containsExactly(ROMEO_FULL);
    assertThat(pep.lastItems.poll()).isEqualTo(ROMEO_FULL + " [" + tune + "]");

    inbound(presence(ROMEO_FULL, JULIET, "unavailable"));
    assertThat(notifyTargets(GEOLOC)).isEmpty();
  }

  @Test
  void capsAnswerThatDoesNotHashToTheVer_isNotTrusted() {
    bind("balcony");
    mutualSubscription();
    XmlElement honest = capsQuery(GEOLOC);
    String ver = io.switchboard.sharding.caps.CapsVerification.ver("sha-1", honest).orElseThrow();
    inbound(withCaps(available(ROMEO_FULL, 0).withAttribute("to", JULIET), ver));
    XmlElement query = routed.next();

    inbound(XmlElement.builder("iq", Xml.CLIENT).attr("type", "result").attr("id", query.attr("id"))
        .attr("from", ROMEO_FULL).attr("to", JULIET).child(capsQuery(GEOLOC + "+notify", GEOLOC)).build());

    assertThat(notifyTargets(GEOLOC)).isEmpty();
    assertThat(capsDirectory.features(ver).toCompletableFuture().join()).isEmpty();
  }
}
