package io.switchboard.node.mobile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.csi.ClientStateIndicationManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.mam.element.MamPrefsIQ;
import org.jivesoftware.smackx.mam.element.MamVersion;
import org.jivesoftware.smackx.push_notifications.PushNotificationsManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue #18's message path end to end on one real node (real Cassandra, STARTTLS) with Smack's
 * own managers: XEP-0313 archives paged both ways ({@link MamManager}), XEP-0280 carbons
 * ({@link CarbonManager}), XEP-0352 ({@link ClientStateIndicationManager}) and XEP-0357
 * ({@link PushNotificationsManager}) with a slixmpp XEP-0114 component playing the app server.
 * One node serves every test (users are distinct per test).
 */
@ExtendWith(CassandraExtension.class)
class MobileIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static InProcessNode node;
  private static int componentPort;

  @BeforeAll
  static void start() throws Exception {
    componentPort = CassandraExtension.freePort();
    node = InProcessNode.startWithAccounts("mobile_it", Map.of(
            "switchboard.ports.component", componentPort,
            "switchboard.components.services", List.of(Map.of("domain", "push.localhost", "secret", "app")),
            "switchboard.push.allow-body", true),
        "alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivan", "judy", "kate", "lena", "mona",
        "nina", "olga", "paul", "quinn", "rita", "sam", "tina", "uma");
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  private static XMPPTCPConnection login(String user, String resource) throws Exception {
    return SmackClients.connect(node, user, user + "-pw", resource);
  }

  private static EntityBareJid bare(String user) throws Exception {
    return JidCreate.entityBareFrom(user + "@localhost");
  }

  private static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
    return from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat)
        .setBody(body).build();
  }

  // -------------------------------------------------------------------------------- XEP-0313

  @Test
  void mam_messagesOfBothSides_pagedForwardAndBackwardWithStanzaIds() throws Exception {
    XMPPTCPConnection alice = login("alice", "phone");
    XMPPTCPConnection bob = login("bob", "desk");
    try {
      MamManager bobMam = MamManager.getInstanceFor(bob);
      assertThat(bobMam.isSupported()).isTrue();
      assertThat(ServiceDiscoveryManager.getInstanceFor(bob).supportsFeature(bob.getUser().asBareJid(),
          "urn:xmpp:mam:2#extended")).isTrue();
      BlockingQueue<Message> atBob = new LinkedBlockingQueue<>();
      bob.addSyncStanzaListener(s -> atBob.add((Message) s), StanzaTypeFilter.MESSAGE);
      for (int i = 0; i < 30; i++) {
        alice.sendStanza(chat(alice, "bob@localhost", "m" + i));
      }
      List<Message> live = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Message m = atBob.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m).as("live message " + i).isNotNull();
        live.add(m);
      }
      // XEP-0359: every live message carries the id it has in bob's archive.
      StanzaIdElement sid = StanzaIdElement.getStanzaId(live.get(0));
      assertThat(sid).isNotNull();
      assertThat(sid.getBy()).isEqualTo("bob@localhost");

      // Written behind delivery: wait until the archive has all 30.
      eventually("bob's archive holds 30 messages from alice", () ->
          bobMam.queryArchive(MamQueryArgs.builder().limitResultsToJid(bare("alice")).setResultPageSize(100).build())
              .getMessageCount() == 30);

      MamQuery first = bobMam.queryArchive(MamQueryArgs.builder().limitResultsToJid(bare("alice"))
          .setResultPageSize(10).build());
      assertThat(first.isComplete()).isFalse();
      List<String> bodies = new ArrayList<>(bodies(first.getMessages()));
      bodies.addAll(bodies(first.pageNext(10)));
      List<Message> third = first.pageNext(10);
      bodies.addAll(bodies(third));
      assertThat(first.isComplete()).isTrue();
      assertThat(bodies).containsExactlyElementsOf(live.stream().map(Message::getBody).toList());
      assertThat(first.getMamResultExtensions().get(0).getId()).isEqualTo(
          StanzaIdElement.getStanzaId(live.get(20)).getId());

      // The last page, then the one before it: oldest first within each page.
      MamQuery last = bobMam.queryArchive(MamQueryArgs.builder().limitResultsToJid(bare("alice"))
          .setResultPageSize(12).queryLastPage().build());
      assertThat(bodies(last.getMessages())).containsExactlyElementsOf(bodies.subList(18, 30));
      assertThat(bodies(last.pagePrevious(12))).containsExactlyElementsOf(bodies.subList(6, 18));
      List<Message> earliest = last.pagePrevious(12);
      assertThat(bodies(earliest)).containsExactlyElementsOf(bodies.subList(0, 6));
      assertThat(last.isComplete()).isTrue();

      // The sender's archive has them too, as sent (from its full JID, to bob).
      MamManager aliceMam = MamManager.getInstanceFor(alice);
      // Smack 4.5.0-beta5's queryArchive reads the MAM version that only isSupported() looks up.
      assertThat(aliceMam.isSupported()).isTrue();
      eventually("alice's archive holds 30", () -> aliceMam.queryArchive(MamQueryArgs.builder()
          .limitResultsToJid(bare("bob")).setResultPageSize(100).build()).getMessageCount() == 30);
      Message sent = aliceMam.queryArchive(MamQueryArgs.builder().limitResultsToJid(bare("bob"))
          .setResultPageSize(1).build()).getMessages().get(0);
      assertThat(sent.getFrom().toString()).isEqualTo("alice@localhost/phone");
      assertThat(sent.getBody()).isEqualTo("m0");

      // after-id on the extended form; an id the archive does not have is item-not-found.
      String tenth = StanzaIdElement.getStanzaId(live.get(9)).getId();
      MamQuery after = bobMam.queryArchive(MamQueryArgs.builder().afterUid(tenth).setResultPageSize(5).build());
      assertThat(bodies(after.getMessages())).containsExactly("m10", "m11", "m12", "m13", "m14");
      assertThatThrownBy(() -> bobMam.queryArchive(MamQueryArgs.builder()
              .afterUid("11111111-2222-1333-8444-555555555555").build()))
          .isInstanceOf(XMPPErrorException.class)
          .satisfies(e -> assertThat(((XMPPErrorException) e).getStanzaError().getCondition())
              .isEqualTo(StanzaError.Condition.item_not_found));
    } finally {
      alice.disconnect();
      bob.disconnect();
    }
  }

  /**
   * A message far above Cassandra's batch threshold (50 KiB) reaches the other side and both
   * archives: the archive once wrote its two rows (two partitions) as one batch, which Cassandra
   * refuses past that threshold, so a message over ~25 KiB was never archived and its sender's
   * connection kept waiting for the archive's confirmation.
   */
  @Test
  void mam_aMessageOf100KiB_deliveredAndInBothArchives() throws Exception {
    XMPPTCPConnection tina = login("tina", "phone");
    XMPPTCPConnection uma = login("uma", "desk");
    try {
      BlockingQueue<Message> atUma = new LinkedBlockingQueue<>();
      uma.addSyncStanzaListener(s -> atUma.add((Message) s), StanzaTypeFilter.MESSAGE);
      String big = "y".repeat(100 * 1024);
      tina.sendStanza(chat(tina, "uma@localhost", big));
      tina.sendStanza(chat(tina, "uma@localhost", "after"));
      Message first = atUma.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      Message second = atUma.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.getBody()).isEqualTo(big);
      assertThat(second).isNotNull();
      assertThat(second.getBody()).isEqualTo("after");

      MamManager umaMam = MamManager.getInstanceFor(uma);
      assertThat(umaMam.isSupported()).isTrue();
      eventually("uma's archive holds both", () -> bodies(umaMam.queryArchive(MamQueryArgs.builder()
          .limitResultsToJid(bare("tina")).setResultPageSize(10).build()).getMessages()).equals(List.of(big, "after")));
      MamManager tinaMam = MamManager.getInstanceFor(tina);
      assertThat(tinaMam.isSupported()).isTrue();
      eventually("tina's archive holds both", () -> bodies(tinaMam.queryArchive(MamQueryArgs.builder()
          .limitResultsToJid(bare("uma")).setResultPageSize(10).build()).getMessages()).equals(List.of(big, "after")));
    } finally {
      tina.disconnect();
      uma.disconnect();
    }
  }

  @Test
  void mamPreferences_neverList_keepsThatContactOutOfTheArchiveButDelivers() throws Exception {
    XMPPTCPConnection carol = login("carol", "phone");
    XMPPTCPConnection dave = login("dave", "desk");
    XMPPTCPConnection kate = login("kate", "desk");
    try {
      MamManager daveMam = MamManager.getInstanceFor(dave);
      assertThat(daveMam.isSupported()).isTrue();
      // Smack's MamPrefs.asMamPrefs() reads the namespace of the IQ instead of its payload's (it
      // throws "Unsupported namespace: jabber:client"), so the XEP-0441 IQ is sent as built.
      MamPrefsIQ set = new MamPrefsIQ(MamVersion.MAM2, List.of(), List.of(bare("carol")),
          MamPrefsIQ.DefaultBehavior.always);
      MamPrefsIQ applied = dave.sendIqRequestAndWaitForResponse(set);
      assertThat(applied.getNeverJids()).extracting(Object::toString).containsExactly("carol@localhost");
      assertThat(daveMam.retrieveArchivingPreferences().mamPrefs.getDefault())
          .isEqualTo(MamPrefsIQ.DefaultBehavior.always);
      BlockingQueue<Message> atDave = new LinkedBlockingQueue<>();
      dave.addSyncStanzaListener(s -> atDave.add((Message) s), StanzaTypeFilter.MESSAGE);
      carol.sendStanza(chat(carol, "dave@localhost", "off the record"));
      kate.sendStanza(chat(kate, "dave@localhost", "on the record"));
      List<Message> got = List.of(atDave.poll(WAIT.toSeconds(), TimeUnit.SECONDS),
          atDave.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
      Message fromCarol = got.stream().filter(m -> m.getBody().equals("off the record")).findFirst().orElseThrow();
      assertThat(StanzaIdElement.getStanzaId(fromCarol)).as("not archived, so no stanza-id").isNull();
      // Kate's message (not on the never list) is archived; once it is, carol's would have been.
      eventually("dave's archive holds kate's message", () -> daveMam.queryArchive(MamQueryArgs.builder()
          .limitResultsToJid(bare("kate")).build()).getMessageCount() == 1);
      assertThat(daveMam.queryArchive(MamQueryArgs.builder().limitResultsToJid(bare("carol")).build())
          .getMessageCount()).isZero();
      // The sender's own archive follows its own preferences (default always).
      MamManager carolMam = MamManager.getInstanceFor(carol);
      assertThat(carolMam.isSupported()).isTrue();
      eventually("carol's archive holds it", () -> carolMam.queryArchive(MamQueryArgs.builder()
          .limitResultsToJid(bare("dave")).build()).getMessageCount() == 1);
    } finally {
      carol.disconnect();
      dave.disconnect();
      kate.disconnect();
    }
  }

  // -------------------------------------------------------------------------------- XEP-0280

  @Test
  void carbons_otherResourceSeesBothSidesOfTheConversation() throws Exception {
    XMPPTCPConnection phone = login("erin", "phone");
    XMPPTCPConnection laptop = login("erin", "laptop");
    XMPPTCPConnection frank = login("frank", "desk");
    try {
      assertThat(CarbonManager.getInstanceFor(laptop).isSupportedByServer()).isTrue();
      CarbonManager.getInstanceFor(laptop).enableCarbons();
      BlockingQueue<String> atLaptop = new LinkedBlockingQueue<>();
      CarbonManager.getInstanceFor(laptop).addCarbonCopyReceivedListener((direction, carbon, wrapping) ->
          atLaptop.add(direction + " " + carbon.getFrom() + " " + carbon.getTo() + " " + carbon.getBody()
              + " " + (StanzaIdElement.getStanzaId(carbon) != null)));
      BlockingQueue<Message> atPhone = new LinkedBlockingQueue<>();
      phone.addSyncStanzaListener(s -> atPhone.add((Message) s), StanzaTypeFilter.MESSAGE);

      frank.sendStanza(chat(frank, "erin@localhost/phone", "to the phone"));
      assertThat(atPhone.poll(WAIT.toSeconds(), TimeUnit.SECONDS).getBody()).isEqualTo("to the phone");
      assertThat(atLaptop.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo("received frank@localhost/desk erin@localhost/phone to the phone true");

      phone.sendStanza(chat(phone, "frank@localhost", "from the phone"));
      // The sent copy carries the stanza-id of erin's archive (XEP-0313 §3.5 with carbons).
      assertThat(atLaptop.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo("sent erin@localhost/phone frank@localhost from the phone true");

      // XEP-0280 §7: <private/> with <no-copy/> makes no copy.
      Message secret = chat(phone, "frank@localhost", "private one");
      Message marked = secret.asBuilder().addExtension(CarbonExtension.Private.INSTANCE)
          .addExtension(org.jivesoftware.smackx.hints.element.NoCopyHint.INSTANCE).build();
      phone.sendStanza(marked);
      phone.sendStanza(chat(phone, "frank@localhost", "after the private one"));
      assertThat(atLaptop.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo("sent erin@localhost/phone frank@localhost after the private one true");

      // The phone never enabled carbons: it gets no copy of what the laptop sends.
      laptop.sendStanza(chat(laptop, "frank@localhost", "from the laptop"));
      phone.sendStanza(chat(frank, "erin@localhost/phone", "marker"));
      Message next = atPhone.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(next).isNotNull();
      assertThat(next.hasExtension(CarbonExtension.Direction.sent.name(), CarbonExtension.NAMESPACE)).isFalse();
    } finally {
      phone.disconnect();
      laptop.disconnect();
      frank.disconnect();
    }
  }

  // -------------------------------------------------------------------------------- XEP-0352

  @Test
  void csi_inactiveClientGetsChatAtOnceAndQueuedPresenceOnActive() throws Exception {
    XMPPTCPConnection gina = login("gina", "phone");
    XMPPTCPConnection hank = login("hank", "desk");
    XMPPTCPConnection laptop = null;
    try {
      subscribe(gina, hank, "gina", "hank");
      assertThat(ClientStateIndicationManager.isSupported(gina)).isTrue();
      List<String> seen = new CopyOnWriteArrayList<>();
      gina.addSyncStanzaListener(s -> seen.add(describe(s)), s -> fromHank(s) && !(s instanceof Presence p && p.getStatus() == null));
      // A second resource of gina's is the fence: what it sees, her session entity has passed to
      // the phone's stream too (hank's ping would only prove that his own stream read it).
      // Presence goes through hank's session entity, a message straight to gina's: each kind
      // gets its own fence, and messages go to the phone's full JID.
      laptop = login("gina", "laptop");
      List<String> atLaptop = new CopyOnWriteArrayList<>();
      laptop.addSyncStanzaListener(s -> atLaptop.add(describe(s)), MobileIT::fromHank);
      Roster roster = Roster.getInstanceFor(laptop);
      EntityBareJid hankJid = bare("hank");
      Await.until("gina's entity counts the laptop", WAIT, () -> roster.getPresence(hankJid).isAvailable());
      EntityFullJid phone = JidCreate.entityFullFrom("gina@localhost/phone");

      ClientStateIndicationManager.inactive(gina);
      // Answered after the server read <inactive/> (a stream is read in order).
      org.jivesoftware.smackx.ping.PingManager.getInstanceFor(gina).pingMyServer();
      for (String status : List.of("one", "two", "three")) {
        hank.sendStanza(hank.getStanzaFactory().buildPresenceStanza().setStatus(status).build());
      }
      Await.until("gina's entity passed on presence three", WAIT, () -> atLaptop.contains("presence three"));
      hank.sendStanza(hank.getStanzaFactory().buildMessageStanza().to(phone).ofType(Message.Type.chat)
          .addExtension(new ChatStateExtension(ChatState.composing)).build());
      hank.sendStanza(chat(hank, phone.toString(), "urgent"));
      Await.until("the chat message arrived", WAIT, () -> seen.contains("message urgent"));
      // Presence deduplicated to the newest and flushed before the message; the chat state dropped.
      assertThat(seen).containsExactly("presence three", "message urgent");

      // Held again after the flush: "four" is replaced by "five", and a receipt (no body) waits
      // behind it; all of it comes with <active/>, in order. (That it is held, not merely late,
      // is shown by what never arrives: "one", "two", "four", the chat state.)
      hank.sendStanza(hank.getStanzaFactory().buildPresenceStanza().setStatus("four").build());
      hank.sendStanza(hank.getStanzaFactory().buildPresenceStanza().setStatus("five").build());
      Await.until("gina's entity passed on presence five", WAIT, () -> atLaptop.contains("presence five"));
      hank.sendStanza(hank.getStanzaFactory().buildMessageStanza().to(phone).ofType(Message.Type.chat)
          .addExtension(new org.jivesoftware.smackx.receipts.DeliveryReceipt("r1")).build());
      hank.sendStanza(chat(hank, "gina@localhost/laptop", "fence"));
      Await.until("gina's entity passed on the receipt", WAIT, () -> atLaptop.contains("message fence"));
      assertThat(seen).containsExactly("presence three", "message urgent");
      ClientStateIndicationManager.active(gina);
      Await.until("the queue flushed on active", WAIT, () -> seen.contains("message (no body)"));
      assertThat(seen).containsExactly("presence three", "message urgent", "presence five", "message (no body)");
    } finally {
      gina.disconnect();
      hank.disconnect();
      if (laptop != null) {
        laptop.disconnect();
      }
    }
  }

  private static boolean fromHank(Stanza s) {
    return s.getFrom() != null && s.getFrom().asBareJid().toString().equals("hank@localhost");
  }

  // -------------------------------------------------------------------------------- XEP-0357

  @Test
  void push_appServerComponent_notifiedForOfflineAndParkedSessions_errorDisables() throws Exception {
    boolean slixmpp = Files.isExecutable(PYTHON)
        && new ProcessBuilder(PYTHON.toString(), "-c", "import slixmpp").start().waitFor() == 0;
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(slixmpp).as("python3-slixmpp must be installed").isTrue();
    }
    assumeTrue(slixmpp, "python3-slixmpp is not installed");
    Path script = Files.createTempFile("push-app-server", ".py");
    try (var in = MobileIT.class.getResourceAsStream("/slixmpp/push_app_server.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process app = new ProcessBuilder(PYTHON.toString(), script.toString(), "127.0.0.1",
        Integer.toString(componentPort), "push.localhost", "app", "120").redirectErrorStream(true).start();
    BlockingQueue<String> pushes = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          pushes.add(line);
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    XMPPTCPConnection ivan = null;
    XMPPTCPConnection judy = login("judy", "desk");
    try {
      assertThat(pushes.poll(30, TimeUnit.SECONDS)).isEqualTo("CONNECTED");
      ivan = login("ivan", "phone");
      PushNotificationsManager push = PushNotificationsManager.getInstanceFor(ivan);
      assertThat(push.isSupported()).isTrue();
      assertThat(push.enable(JidCreate.from("push.localhost"), "ivan-node", Map.of("secret", "s3"))).isTrue();
      ivan.disconnect();

      // Offline: the message goes to storage, and the app server is told.
      judy.sendStanza(chat(judy, "ivan@localhost", "wake up"));
      assertThat(pushes.poll(30, TimeUnit.SECONDS))
          .isEqualTo("PUSH ivan@localhost ivan-node count=1 sender=judy@localhost/desk body=- secret=s3");
      judy.sendStanza(chat(judy, "ivan@localhost", "again"));
      assertThat(pushes.poll(30, TimeUnit.SECONDS)).contains("count=2");

      // A parked XEP-0198 session: the stream drops without a close, the message goes nowhere live.
      XMPPTCPConnection lena = null;
      try {
        lena = resumable("lena", "phone");
        assertThat(PushNotificationsManager.getInstanceFor(lena).enable(JidCreate.from("push.localhost"), "lena-node"))
            .isTrue();
        lena.instantShutdown();
        XMPPTCPConnection k = lena;
        Await.until("lena's session dropped", WAIT, () -> !k.isConnected());
        judy.sendStanza(chat(judy, "lena@localhost", "while parked"));
        assertThat(pushes.poll(30, TimeUnit.SECONDS))
            .isEqualTo("PUSH lena@localhost lena-node count=1 sender=judy@localhost/desk body=- secret=-");
      } finally {
        if (lena != null) {
          lena.disconnect();
        }
      }

      // The same with a slixmpp client enabling the registration (raw XEP-0357 IQ).
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Process sam = slixmppClient(lines, "sam", "push", "push.localhost", "sam-node");
      next(lines, "PUSH-ENABLED");
      assertThat(sam.waitFor(30, TimeUnit.SECONDS)).isTrue();
      judy.sendStanza(chat(judy, "sam@localhost", "hello sam"));
      assertThat(pushes.poll(30, TimeUnit.SECONDS))
          .isEqualTo("PUSH sam@localhost sam-node count=1 sender=judy@localhost/desk body=- secret=-");

      // An app server that answers with an error disables that registration.
      ivan = login("ivan", "phone");
      assertThat(PushNotificationsManager.getInstanceFor(ivan).enable(JidCreate.from("push.localhost"), "reject-me"))
          .isTrue();
      ivan.disconnect();
      judy.sendStanza(chat(judy, "ivan@localhost", "first"));
      List<String> got = List.of(pushes.poll(30, TimeUnit.SECONDS), pushes.poll(30, TimeUnit.SECONDS));
      assertThat(got).anyMatch(l -> l.startsWith("PUSH ivan@localhost reject-me count=1"))
          .anyMatch(l -> l.startsWith("PUSH ivan@localhost ivan-node count="));
      // The app server's error comes back to ivan's entity some time after it answered; from then
      // on only ivan-node is notified.
      int sent = 0;
      List<String> lastRound = List.of();
      while (sent < 20) {
        judy.sendStanza(chat(judy, "ivan@localhost", "probe " + sent++));
        List<String> round = new ArrayList<>();
        round.add(pushes.poll(30, TimeUnit.SECONDS));
        String extra = pushes.poll(1, TimeUnit.SECONDS);
        if (extra != null) {
          round.add(extra);
        }
        lastRound = round;
        if (round.size() == 1) {
          break;
        }
      }
      assertThat(lastRound).hasSize(1);
      assertThat(lastRound.get(0)).startsWith("PUSH ivan@localhost ivan-node");
      judy.sendStanza(chat(judy, "ivan@localhost", "after"));
      assertThat(pushes.poll(30, TimeUnit.SECONDS)).startsWith("PUSH ivan@localhost ivan-node");
      judy.sendStanza(chat(judy, "ivan@localhost", "marker"));
      assertThat(pushes.poll(30, TimeUnit.SECONDS)).as("only ivan-node, once per message")
          .startsWith("PUSH ivan@localhost ivan-node");
    } finally {
      judy.disconnect();
      app.destroy();
    }
  }

  // -------------------------------------------------------------------------------- slixmpp

  /** Whether Debian's python3-slixmpp runs here (required in CI). */
  private static boolean slixmpp() throws Exception {
    boolean ok = Files.isExecutable(PYTHON)
        && new ProcessBuilder(PYTHON.toString(), "-c", "import slixmpp").start().waitFor() == 0;
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(ok).as("python3-slixmpp must be installed").isTrue();
    }
    return ok;
  }

  /** A slixmpp client of mobile_client.py; its output lines queue up in {@code lines}. */
  private static Process slixmppClient(BlockingQueue<String> lines, String user, String mode, String... args)
      throws Exception {
    Path script = Files.createTempFile("mobile-client", ".py");
    try (var in = MobileIT.class.getResourceAsStream("/slixmpp/mobile_client.py")) {
      Files.write(script, in.readAllBytes());
    }
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), "127.0.0.1",
        Integer.toString(node.c2sPort()), user + "@localhost/py", user + "-pw",
        node.node().settings().dataDir().resolve("tls").resolve("localhost.crt.pem").toString(), mode));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  /** The next line that starts with {@code prefix} (others, such as warnings, are skipped). */
  private static String next(BlockingQueue<String> lines, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos() * 2;
    List<String> skipped = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line != null) {
        skipped.add(line);
      }
    }
    throw new AssertionError("no line starting with '" + prefix + "'; got " + skipped);
  }

  @Test
  void slixmpp_xep0313_freshLoginPagesTheWholeHistoryInOrder() throws Exception {
    assumeTrue(slixmpp(), "python3-slixmpp is not installed");
    XMPPTCPConnection mona = login("mona", "desk");
    try {
      for (int i = 0; i < 20; i++) {
        mona.sendStanza(chat(mona, "nina@localhost", "h-" + i));
      }
      MamManager monaMam = MamManager.getInstanceFor(mona);
      assertThat(monaMam.isSupported()).isTrue();
      // Nina's archive is written behind delivery; once mona's holds the last one, nina's does too
      // by the time nina's slixmpp logs in (both writes were started before either was acknowledged).
      eventually("mona's archive holds 20", () -> monaMam.queryArchive(MamQueryArgs.builder()
          .limitResultsToJid(bare("nina")).setResultPageSize(100).build()).getMessageCount() == 20);
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Process p = slixmppClient(lines, "nina", "history", "mona@localhost");
      String history = next(lines, "HISTORY");
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add("h-" + i);
      }
      assertThat(history).isEqualTo("HISTORY 20 " + String.join("|", expected));
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      mona.disconnect();
    }
  }

  @Test
  void slixmpp_xep0280_copiesOfBothDirections() throws Exception {
    assumeTrue(slixmpp(), "python3-slixmpp is not installed");
    XMPPTCPConnection phone = login("olga", "phone");
    XMPPTCPConnection peer = login("paul", "desk");
    try {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Process p = slixmppClient(lines, "olga", "carbons", "2");
      next(lines, "CARBONS-ON");
      peer.sendStanza(chat(peer, "olga@localhost/phone", "to the phone"));
      assertThat(next(lines, "CARBON")).isEqualTo("CARBON received to the phone");
      phone.sendStanza(chat(phone, "paul@localhost", "from the phone"));
      assertThat(next(lines, "CARBON")).isEqualTo("CARBON sent from the phone");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      phone.disconnect();
      peer.disconnect();
    }
  }

  @Test
  void slixmpp_xep0352_chatStateDroppedChatAtOnceQueueOnActive() throws Exception {
    assumeTrue(slixmpp(), "python3-slixmpp is not installed");
    XMPPTCPConnection rita = login("rita", "desk");
    try {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Process p = slixmppClient(lines, "quinn", "csi");
      next(lines, "INACTIVE");
      // The script prints INACTIVE once the server answered a ping sent after <inactive/>: the
      // stream is read in order, so the stream is inactive before rita sends anything.
      rita.sendStanza(rita.getStanzaFactory().buildMessageStanza().to(JidCreate.from("quinn@localhost/py"))
          .ofType(Message.Type.chat).addExtension(new ChatStateExtension(ChatState.composing)).build());
      rita.sendStanza(chat(rita, "quinn@localhost/py", "urgent"));
      assertThat(next(lines, "GOT")).as("the chat state was dropped").isEqualTo("GOT urgent");
      for (int i = 0; i < 3; i++) {
        rita.sendStanza(rita.getStanzaFactory().buildMessageStanza().to(JidCreate.from("quinn@localhost/py"))
            .ofType(Message.Type.chat).addExtension(new org.jivesoftware.smackx.receipts.DeliveryReceipt("r" + i))
            .build());
      }
      try (var stdin = p.getOutputStream()) {
        stdin.write("active\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        next(lines, "ACTIVE");
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          after.add(next(lines, "GOT"));
        }
        assertThat(after).allMatch(l -> l.equals("GOT (no body) urn:xmpp:receipts"));
        rita.sendStanza(chat(rita, "quinn@localhost/py", "bye"));
        assertThat(next(lines, "GOT")).isEqualTo("GOT bye");
      }
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      rita.disconnect();
    }
  }

  private static XMPPTCPConnection resumable(String user, String resource) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.config(node, user, user + "-pw")
        .setResource(resource).build());
    c.setUseStreamManagement(true);
    c.setUseStreamManagementResumption(true);
    c.connect().login();
    Await.until(user + " has stream management", WAIT, c::isSmResumptionPossible);
    return c;
  }

  // ------------------------------------------------------------------------------------- helpers

  private static void subscribe(XMPPTCPConnection a, XMPPTCPConnection b, String aUser, String bUser)
      throws Exception {
    Roster ra = Roster.getInstanceFor(a);
    Roster rb = Roster.getInstanceFor(b);
    ra.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
    rb.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
    ra.createItemAndRequestSubscription(bare(bUser), bUser, null);
    rb.createItemAndRequestSubscription(bare(aUser), aUser, null);
    eventually("mutual presence", () -> ra.getPresence(bare(bUser)).isAvailable()
        && rb.getPresence(bare(aUser)).isAvailable());
  }

  /** Waits for {@code condition}; exceptions while asking count as "not yet". */
  private static void eventually(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    Exception[] last = new Exception[1];
    Await.until(what, WAIT, () -> {
      try {
        return condition.call();
      } catch (Exception e) {
        last[0] = e;
        return false;
      }
    }, () -> last[0] == null ? "" : "last failure: " + last[0]);
  }

  private static String describe(Stanza s) {
    if (s instanceof Presence p) {
      return "presence " + p.getStatus();
    }
    if (s instanceof Message m) {
      return m.getBody() != null ? "message " + m.getBody() : "message (no body)";
    }
    return s.getClass().getSimpleName();
  }

  private static List<String> bodies(List<Message> messages) {
    return messages.stream().map(Message::getBody).toList();
  }
}
