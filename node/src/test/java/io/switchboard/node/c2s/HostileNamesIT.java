package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawClient;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.offline.OfflineMessage;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.token.TokenStore;
import io.switchboard.protocol.jid.Jids;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Issue #23 F1: a namespace URI may contain any character, '}' included, and an attribute in such
 * a namespace must reach its recipient as well-formed XML. The server used to key the attribute
 * in Clark notation and split the key at the first '}', writing {@code ns0:y}q="1"}: the victim's
 * parser failed and its stream ended, any sender could cut any user off, and stored copies could
 * not be parsed back (filling the offline quota for good). The attacker here is a raw stream; the
 * victims are Smack (its stream must survive and later stanzas arrive) and a raw stream whose
 * bytes are checked with a parser that does no namespace processing.
 */
@ExtendWith(CassandraExtension.class)
class HostileNamesIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String POISON_ATTRS = "xmlns:p='urn:x}y' p:q='1'";
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.startWithAccounts("hostile_names_it", Map.of(),
        "mallory", "bob", "carol", "dave", "erin");
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void message_attributeNamespaceWithBrace_recipientsGetWellFormedXmlAndKeepTheirStreams() throws Exception {
    XMPPTCPConnection bob = SmackClients.connect(node, "bob", "bob-pw", "phone");
    BlockingQueue<Message> bobGot = new LinkedBlockingQueue<>();
    bob.addSyncStanzaListener(s -> bobGot.add((Message) s), s -> s instanceof Message);
    try (RawClient carol = RawClient.login(node, "carol", "carol-pw", "raw");
        RawClient mallory = RawClient.login(node, "mallory", "mallory-pw", "evil")) {
      for (String to : new String[] {"bob@localhost", "carol@localhost/raw"}) {
        mallory.send("<message to='" + to + "' type='chat' id='poison' " + POISON_ATTRS + "><body>poison</body></message>");
        mallory.send("<message to='" + to + "' type='chat' id='after'><body>still here</body></message>");
      }

      // Smack: both arrive, in order, and the connection is still up.
      Message first = bobGot.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      Message second = bobGot.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first).as("the first message").isNotNull();
      assertThat(first.getBody()).isEqualTo("poison");
      assertThat(second).as("a message after the hostile one").isNotNull();
      assertThat(second.getBody()).isEqualTo("still here");
      assertThat(bob.isConnected()).isTrue();

      // The raw bytes: the stanza alone is well-formed without namespace processing, and with it
      // the attribute keeps its namespace (whose URI contains the brace) and value.
      String wire = carol.readUntil("</message>");
      String stanza = wire.substring(wire.indexOf("<message"));
      SAXParserFactory plain = SAXParserFactory.newInstance();
      plain.setNamespaceAware(false);
      plain.newSAXParser().parse(new InputSource(new StringReader(stanza)), new DefaultHandler());
      DocumentBuilderFactory aware = DocumentBuilderFactory.newInstance();
      aware.setNamespaceAware(true);
      Element parsed = aware.newDocumentBuilder()
          .parse(new InputSource(new StringReader(stanza.replaceFirst("<message", "<message xmlns='jabber:client'"))))
          .getDocumentElement();
      assertThat(parsed.getAttributeNS("urn:x}y", "q")).isEqualTo("1");
      assertThat(carol.readUntil("</message>")).contains("still here");
    } finally {
      bob.disconnect();
    }
  }

  @Test
  void offline_hostileAndLegacyUnreadableRows_goodMessageDeliveredAndUnreadableRowsDeleted() throws Exception {
    // A row as the old writer stored it: not well-formed, so it can never be parsed back.
    var user = Jids.bare("dave@localhost");
    var store = node.node().persistence().offline();
    for (int i = 0; i < 3; i++) {
      store.append(user, OfflineMessage.of(Instant.now(), "mallory@localhost/evil",
          "<message xmlns=\"jabber:client\" xmlns:ns0=\"urn:x\" ns0:y}q=\"1\" to=\"dave@localhost\"><body>old</body></message>"))
          .toCompletableFuture().join();
    }
    try (RawClient mallory = RawClient.login(node, "mallory", "mallory-pw", "evil2")) {
      mallory.send("<message to='dave@localhost' type='chat' " + POISON_ATTRS + "><body>poison</body></message>");
      mallory.send("<message to='dave@localhost' type='chat'><body>good</body></message>");
      waitForOfflineRows(user, 5);
    }
    XMPPTCPConnection dave = new XMPPTCPConnection(SmackClients.config(node, "dave", "dave-pw").setResource("d").build());
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    dave.addSyncStanzaListener(s -> got.add((Message) s), s -> s instanceof Message);
    try {
      dave.connect().login();
      Message a = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      Message b = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(a).isNotNull();
      assertThat(b).as("the good message after the hostile and unreadable ones").isNotNull();
      assertThat(a.getBody()).isEqualTo("poison");
      assertThat(b.getBody()).isEqualTo("good");
      assertThat(dave.isConnected()).isTrue();
      waitForOfflineRows(user, 0);
    } finally {
      dave.disconnect();
    }
  }

  @Test
  void pubsub_hostileItemThroughXmppAndApi_subscriberKeepsItsStream() throws Exception {
    TokenStore tokens = TokenStore.cassandra(node.node().persistence().session(),
        node.node().persistence().settings(), Clock.systemUTC());
    String token = tokens.create("hostile", Set.of("pubsub:publish")).toCompletableFuture().join().secret();
    XMPPTCPConnection erin = SmackClients.connect(node, "erin", "erin-pw", "feed");
    try (RawClient mallory = RawClient.login(node, "mallory", "mallory-pw", "evil3")) {
      mallory.send("<iq type='set' id='c1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
          + "<create node='hostile'/></pubsub></iq>");
      assertThat(mallory.readUntil("</iq>")).contains("type=\"result\"");
      LeafNode feed = PubSubManager.getInstanceFor(erin, Jids.domain("pubsub.localhost")).getLeafNode("hostile");
      BlockingQueue<String> ids = new LinkedBlockingQueue<>();
      feed.addItemEventListener(e -> e.getItems().forEach(i -> ids.add(((org.jivesoftware.smackx.pubsub.Item) i).getId())));
      feed.subscribe(erin.getUser().asEntityBareJid());

      mallory.send("<iq type='set' id='p1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
          + "<publish node='hostile'><item id='x1'><entry xmlns='http://www.w3.org/2005/Atom' " + POISON_ATTRS
          + "><title>t</title></entry></item></publish></pubsub></iq>");
      assertThat(mallory.readUntil("</iq>")).contains("type=\"result\"");
      assertThat(ids.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("x1");

      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/pubsub/hostile/items?id=a1"))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/atom+xml")
          .POST(HttpRequest.BodyPublishers.ofString(
              "<entry xmlns='http://www.w3.org/2005/Atom' " + POISON_ATTRS + "><title>api</title></entry>"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(ids.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("a1");

      mallory.send("<iq type='set' id='p2' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
          + "<publish node='hostile'><item id='x2'><entry xmlns='http://www.w3.org/2005/Atom'><title>ok</title>"
          + "</entry></item></publish></pubsub></iq>");
      assertThat(ids.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("x2");
      assertThat(erin.isConnected()).isTrue();
    } finally {
      erin.disconnect();
    }
  }

  private static void waitForOfflineRows(org.jxmpp.jid.EntityBareJid user, int expected) throws Exception {
    Await.equal("offline rows of " + user, WAIT, expected,
        () -> node.node().persistence().offline().read(user, 100).toCompletableFuture().join().size());
  }
}
