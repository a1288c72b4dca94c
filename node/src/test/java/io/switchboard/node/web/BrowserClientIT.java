package io.switchboard.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.HeadlessBrowser;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.NodePair;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Issue #19's proof with a real browser client: Converse.js, served from a test page of another
 * origin, in Debian's headless Chromium, logs in to node 1 of a two-node cluster over secure
 * WebSocket (wss://, TLS on the HTTP port) and, in a second run, over BOSH (https://, CORS), sees
 * its roster and a contact's presence, and chats with a Smack user connected over TCP to node 2.
 * Every step saves a screenshot under {@code node/target/browser/<transport>/} and asserts on
 * what the page shows.
 */
@ExtendWith(CassandraExtension.class)
class BrowserClientIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SHOTS = Path.of("target", "browser").toAbsolutePath();
  private static ConverseTestPage page;
  private static NodePair nodes;

  @BeforeAll
  static void start() throws Exception {
    HeadlessBrowser.assumeAvailable();
    page = ConverseTestPage.start();
    nodes = NodePair.start("browser_it", Map.of(
            "switchboard.http.tls", "true",
            "switchboard.web.allowed-origins", page.origin()),
        "alice", "bob", "carol", "dave", "erin", "frank");
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
    if (page != null) {
      page.close();
    }
  }

  @Test
  void converse_overWebSocket_rosterPresenceAndChatWithTcpUserOnOtherNode() throws Exception {
    converse("websocket", "alice", "bob",
        "websocket_url: 'wss://127.0.0.1:" + nodes.first().httpPort() + "/xmpp-websocket'");
  }

  @Test
  void converse_overBosh_rosterPresenceAndChatWithTcpUserOnOtherNode() throws Exception {
    converse("bosh", "carol", "dave",
        "bosh_service_url: 'https://127.0.0.1:" + nodes.first().httpPort() + "/http-bind'");
  }

  /**
   * Group chat (issue #17): a Smack user on node 2 creates a room at conference.localhost; Converse
   * on node 1 (WebSocket) joins it by {@code auto_join_rooms}, sees the occupant, and the two
   * exchange groupchat messages.
   */
  @Test
  void converse_overWebSocket_joinsRoomWithSmackOccupantOnOtherNode() throws Exception {
    EntityBareJid room = JidCreate.entityBareFrom("lobby@conference.localhost");
    XMPPTCPConnection smack = SmackClients.connect(nodes.second(), "erin", "erin-pw", "smack");
    try {
      MultiUserChat muc = MultiUserChatManager.getInstanceFor(smack).getMultiUserChat(room);
      muc.create(Resourcepart.from("erin")).makeInstant();
      BlockingQueue<String> atSmack = new LinkedBlockingQueue<>();
      muc.addMessageListener(m -> {
        if (m.getBody() != null && m.getFrom() != null && m.getFrom().getResourceOrEmpty().toString().equals("frank")) {
          atSmack.add(m.getBody());
        }
      });
      try (HeadlessBrowser browser = HeadlessBrowser.start(SHOTS.resolve("muc"))) {
        browser.open(page.url("{ jid: 'frank@localhost/converse', password: 'frank-pw', nickname: 'frank', "
            + "websocket_url: 'wss://127.0.0.1:" + nodes.first().httpPort() + "/xmpp-websocket', "
            + "auto_join_rooms: ['" + room + "'] }"));

        // 1. Converse joined: Smack sees the occupant, the page shows the room with erin in it.
        Await.until("frank in the room", WAIT, () -> muc.getOccupants().stream()
            .anyMatch(o -> o.getResourceOrEmpty().toString().equals("frank")));
        browser.await("the room open with erin listed", "return !!document.querySelector('converse-muc')"
            + " && document.body.innerText.includes('erin');", WAIT);
        browser.screenshot("01-room-joined");

        // 2. A groupchat message typed in Converse reaches the Smack occupant on node 2.
        browser.await("the room's text area", "return !!document.querySelector('converse-muc textarea.chat-textarea');", WAIT);
        String out = "hello room from Converse";
        browser.eval("const t = document.querySelector('converse-muc textarea.chat-textarea'); t.value = arguments[0];"
            + "t.dispatchEvent(new Event('input', {bubbles: true}));"
            + "t.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', keyCode: 13, which: 13, bubbles: true}));", out);
        assertThat(atSmack.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(out);
        browser.screenshot("02-groupchat-sent");

        // 3. The Smack occupant's message appears in the page.
        String in = "hello Converse from Smack on node 2";
        muc.sendMessage(in);
        browser.await("the room message shown", pageHas(in), WAIT);
        browser.screenshot("03-groupchat-received");
        assertThat(browser.pageText()).contains(out).contains(in);
      }
    } finally {
      smack.disconnect();
    }
  }

  private void converse(String transport, String webUser, String tcpUser, String connection) throws Exception {
    InProcessNode web = nodes.first();
    InProcessNode other = nodes.second();
    subscribeBothWays(web, webUser, other, tcpUser);
    XMPPTCPConnection contact = SmackClients.connect(other, tcpUser, tcpUser + "-pw", "smack");
    BlockingQueue<String> atContact = new LinkedBlockingQueue<>();
    contact.addSyncStanzaListener(s -> {
      String body = ((Message) s).getBody();
      if (body != null) { // Converse also sends chat states (XEP-0085) without a body
        atContact.add(body);
      }
    }, MessageTypeFilter.CHAT);
    Path shots = SHOTS.resolve(transport);
    try (HeadlessBrowser browser = HeadlessBrowser.start(shots)) {
      browser.open(page.url("{ jid: '" + webUser + "@localhost/converse', password: '" + webUser + "-pw', "
          + connection + " }"));

      // 1. Logged in: the roster shows the contact.
      browser.await("the roster lists " + tcpUser, rosterHas(tcpUser), WAIT);
      browser.screenshot("01-logged-in-roster");
      assertThat(rosterText(browser)).contains(tcpUser);

      // 2. The contact (on node 2, over TCP) is shown online.
      browser.await(tcpUser + " shown online", contactOnline(tcpUser), WAIT);
      browser.screenshot("02-contact-online");
      System.out.println("[browser] " + transport + " roster item: " + browser.eval(
          "return Array.from(document.querySelectorAll('converse-roster li')).filter(li => li.innerText.includes('"
          + tcpUser + "')).map(li => li.outerHTML).join(' ').substring(0, 1500);"));

      // 3. A message typed in Converse reaches the Smack user on the other node.
      browser.eval("const el = Array.from(document.querySelectorAll('converse-roster a.open-chat'))"
          + ".find(a => a.textContent.includes(arguments[0])); el.click();", tcpUser);
      browser.await("the chat with " + tcpUser + " is open", "return !!document.querySelector('textarea.chat-textarea');", WAIT);
      String out = "hello from Converse over " + transport;
      browser.eval("const t = document.querySelector('textarea.chat-textarea'); t.value = arguments[0];"
          + "t.dispatchEvent(new Event('input', {bubbles: true}));"
          + "t.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', keyCode: 13, which: 13, bubbles: true}));", out);
      assertThat(atContact.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(out);
      browser.await("the sent message shown", pageHas(out), WAIT);
      browser.screenshot("03-message-sent");

      // 4. The Smack user's answer appears in the page.
      String in = "hello back from Smack over TCP on node 2 (" + transport + ")";
      contact.sendStanza(contact.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.entityBareFrom(webUser + "@localhost")).ofType(Message.Type.chat).setBody(in).build());
      browser.await("the answer shown", pageHas(in), WAIT);
      browser.screenshot("04-message-received");
      assertThat(browser.pageText()).contains(out).contains(in);
    } finally {
      contact.disconnect();
    }
  }

  /** Mutual presence subscription, set up over TCP before the browser logs in. */
  private static void subscribeBothWays(InProcessNode aNode, String a, InProcessNode bNode, String b) throws Exception {
    XMPPTCPConnection ca = SmackClients.connect(aNode, a, a + "-pw", "setup");
    XMPPTCPConnection cb = SmackClients.connect(bNode, b, b + "-pw", "setup");
    try {
      Roster ra = Roster.getInstanceFor(ca);
      Roster rb = Roster.getInstanceFor(cb);
      ra.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      rb.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      ra.createItemAndRequestSubscription(JidCreate.entityBareFrom(b + "@localhost"), b, null);
      rb.createItemAndRequestSubscription(JidCreate.entityBareFrom(a + "@localhost"), a, null);
      Await.until("mutual subscription", WAIT, () -> type(ra, b) == RosterPacket.ItemType.both
          && type(rb, a) == RosterPacket.ItemType.both);
    } finally {
      ca.disconnect();
      cb.disconnect();
    }
  }

  private static RosterPacket.ItemType type(Roster r, String user) {
    try {
      var e = r.getEntry(JidCreate.entityBareFrom(user + "@localhost"));
      return e == null ? null : e.getType();
    } catch (Exception ex) {
      return null;
    }
  }

  private static String rosterHas(String user) {
    return "const r = document.querySelector('converse-roster'); return !!r && r.innerText.includes('" + user + "');";
  }

  /** Converse marks a roster contact's presence on its item: {@code <li data-status="online">}. */
  private static String contactOnline(String user) {
    return "return Array.from(document.querySelectorAll('converse-roster li[data-status]'))"
        + ".some(li => li.querySelector('[data-jid=\"" + user + "@localhost\"]') && li.dataset.status === 'online');";
  }

  private static String pageHas(String text) {
    return "return document.body.innerText.includes(" + quote(text) + ");";
  }

  private static String rosterText(HeadlessBrowser b) {
    return String.valueOf(b.eval("return document.querySelector('converse-roster').innerText;"));
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
