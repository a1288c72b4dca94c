package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.component.ProposedConfig;
import io.switchboard.node.component.WiredTestNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.token.TokenStore;
import io.switchboard.protocol.jid.Jids;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemPublishEvent;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Push instead of polling, end to end: a Smack user creates a pub-sub node on the real pub-sub
 * service, another subscribes, and a backend publishes with curl-like HTTP requests (Atom and
 * JSON); the subscriber gets the notifications. Also measures publish → notification latency on
 * this machine (printed, not asserted).
 */
@ExtendWith(CassandraExtension.class)
class PushEndToEndIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static WiredTestNode node;
  private static ApiServer api;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    node = WiredTestNode.startWithPubSub("push_it", Map.of());
    ApiSettings settings = ApiSettings.fromConfig(ProposedConfig.with(ConfigFactory.parseMap(Map.of(
        "switchboard.api.rate-per-second", 1000, "switchboard.api.burst", 1000))), node.domain());
    TokenStore tokens = TokenStore.cassandra(node.persistence().session(), node.persistence().settings(), Clock.systemUTC());
    var service = Jids.domain("pubsub." + node.domain());
    api = ApiServer.start(new ApiServer.Dependencies(settings, tokens,
        new IqApiPubSub(node.domain(), service, node.pubsub()::ask), node.router(), node.system(), Clock.systemUTC()),
        "127.0.0.1", 0);
    token = tokens.create("tivo", Set.of("pubsub:publish")).toCompletableFuture().join().secret();
    for (String user : new String[] {"owner", "viewer"}) {
      node.persistence().accounts().create(Jids.bare(user + "@localhost"), user + "-pw").toCompletableFuture().join();
    }
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.unbind().toCompletableFuture().join();
    }
    if (node != null) {
      node.close();
    }
  }

  private static XMPPTCPConnection smack(String user) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain("localhost").setHost("127.0.0.1").setPort(node.c2sPort())
        .setUsernameAndPassword(user, user + "-pw").setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(SmackClients.trustOnly(node.certificate())).setResource("tv").build());
    c.connect().login();
    return c;
  }

  private static HttpResponse<String> publish(String path, String type, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The README's slixmpp subscriber ("Push instead of polling"), with the CA file as argument. */
  static final String SLIXMPP_SUBSCRIBER = """
      import asyncio, logging, sys
      import slixmpp

      logging.basicConfig(level=logging.WARNING)

      class Subscriber(slixmpp.ClientXMPP):
          def __init__(self, jid, password, service, node):
              super().__init__(jid, password)
              self.service, self.node = service, node
              self.register_plugin('xep_0060')
              self.add_event_handler('session_start', self.start)
              self.add_event_handler('pubsub_publish', self.published)

          async def start(self, _event):
              self.send_presence()  # notifications to the bare JID need an available resource
              try:
                  await self['xep_0060'].subscribe(self.service, self.node)
                  print('SUBSCRIBED', flush=True)
              except slixmpp.exceptions.IqError as e:
                  print('SUBSCRIBE-FAILED', e.iq['error']['condition'], flush=True)
                  self.disconnect()

          def published(self, msg):
              item = msg['pubsub_event']['items']['item']
              print('ITEM', item['id'], slixmpp.xmlstream.tostring(item['payload']), flush=True)

      jid, password, service, node, cafile, port = sys.argv[1:7]
      client = Subscriber(jid, password, service, node)
      client.ca_certs = cafile
      client.connect(('127.0.0.1', int(port)), force_starttls=True)
      asyncio.get_event_loop().run_until_complete(asyncio.wait_for(client.disconnected, 60))
      """;

  @Test
  void apiPublish_slixmppSubscriber_receivesTheItem() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    boolean available = Files.isExecutable(python)
        && new ProcessBuilder(python.toString(), "-c", "import slixmpp").start().waitFor() == 0;
    if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      assertThat(available).as("python3-slixmpp must be installed").isTrue();
    }
    assumeTrue(available, "python3-slixmpp is not installed");
    XMPPTCPConnection owner = smack("owner");
    Process p = null;
    try {
      PubSubManager.getInstanceFor(owner, JidCreate.domainBareFrom("pubsub.localhost")).createNode("news");
      Path script = Files.createTempFile("subscriber", ".py");
      Files.writeString(script, SLIXMPP_SUBSCRIBER);
      Path log = Files.createTempFile("subscriber", ".log");
      p = new ProcessBuilder(python.toString(), script.toString(), "viewer@localhost/py", "viewer-pw",
          "pubsub.localhost", "news", node.certificate().toString(), Integer.toString(node.c2sPort()))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      assertThat(await(log, "SUBSCRIBED")).as(() -> read(log)).isNotNull();

      HttpResponse<String> r = publish("/api/v1/pubsub/news/items?id=n1", "application/json",
          "{\"headline\":\"Schedules updated\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

      String item = await(log, "ITEM");
      assertThat(item).isNotNull().contains("ITEM n1").contains("urn:xmpp:json:0").contains("Schedules updated");
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
      owner.disconnect();
    }
  }

  /**
   * The first complete line of the log starting with {@code prefix}, waiting up to 30 s; or null.
   * Python's print writes its arguments one by one, so a line without its newline may still be
   * growing: the CI once read "ITEM " before the id and payload were written.
   */
  private static String await(Path log, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String text = read(log);
      for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      Thread.sleep(200);
    }
    return null;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void apiPublish_atomAndJson_subscriberIsNotified() throws Exception {
    XMPPTCPConnection owner = smack("owner");
    XMPPTCPConnection viewer = smack("viewer");
    try {
      var service = JidCreate.domainBareFrom("pubsub.localhost");
      PubSubManager.getInstanceFor(owner, service).createNode("shows");
      LeafNode shows = PubSubManager.getInstanceFor(viewer, service).getLeafNode("shows");
      BlockingQueue<Item> received = new LinkedBlockingQueue<>();
      shows.addItemEventListener(e -> received.addAll(((ItemPublishEvent<?>) e).getItems()));
      shows.subscribe(viewer.getUser().asEntityBareJid());

      HttpResponse<String> atom = publish("/api/v1/pubsub/shows/items?id=ep42", "application/atom+xml",
          "<entry xmlns='http://www.w3.org/2005/Atom'><title>Episode 42</title><id>urn:uuid:42</id>"
              + "<updated>2026-11-27T12:00:00Z</updated></entry>");
      assertThat(atom.statusCode()).as(atom.body()).isEqualTo(201);
      assertThat(atom.body()).contains("\"ep42\"");
      Item first = received.poll(15, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.getId()).isEqualTo("ep42");
      assertThat(((PayloadItem<?>) first).getPayload().toXML().toString()).contains("Episode 42");

      HttpResponse<String> json = publish("/api/v1/pubsub/shows/items", "application/json",
          "{\"show\":\"Episode 43\",\"channel\":7}");
      assertThat(json.statusCode()).as(json.body()).isEqualTo(201);
      Item second = received.poll(15, TimeUnit.SECONDS);
      assertThat(second).isNotNull();
      String xml = ((PayloadItem<?>) second).getPayload().toXML().toString();
      assertThat(xml).contains("urn:xmpp:json:0").contains("Episode 43");

      assertThat(publish("/api/v1/pubsub/no-such-node/items", "application/json", "{}").statusCode()).isEqualTo(404);

      // Latency: HTTP request sent -> notification parsed by the subscriber (loopback, one node).
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long t0 = System.nanoTime();
        assertThat(publish("/api/v1/pubsub/shows/items", "application/json", "{\"n\":" + i + "}").statusCode())
            .isEqualTo(201);
        assertThat(received.poll(15, TimeUnit.SECONDS)).isNotNull();
        micros.add((System.nanoTime() - t0) / 1000);
      }
      Collections.sort(micros);
      System.out.printf("API publish -> notification latency over %d publishes: median %.1f ms, p90 %.1f ms, "
          + "max %.1f ms%n", micros.size(), micros.get(micros.size() / 2) / 1000.0,
          micros.get(micros.size() * 9 / 10) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
    } finally {
      viewer.disconnect();
      owner.disconnect();
    }
  }
}
