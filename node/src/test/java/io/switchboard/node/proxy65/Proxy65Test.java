package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.server.ServerIq;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.router.Services;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy as the node wires it: registered in the {@link Services} beside {@link ServerIq}, discovered, asked for its
 * StreamHost, and activated in-band by the requester after both parties connected (XEP-0065 §6).
 */
class Proxy65Test {
  private static final String CLIENT = "jabber:client";
  private static final String DOMAIN = "example.com";
  private static final String PROXY = "proxy.example.com";
  private static final String REQUESTER = "requester@example.com/foo";
  private static final String TARGET = "target@example.com/bar";

  private Proxy65 proxy;
  private ServerIq server;
  private Services services;
  private final List<XmlElement> replies = new ArrayList<>();

  @BeforeEach
  void start() {
    proxy = Proxy65.create(Jids.domain(DOMAIN),
        new Proxy65Settings(true, 0, "127.0.0.1", 0, Duration.ofSeconds(30), Duration.ofSeconds(30), 10));
    services = new Services(Jids.domain(DOMAIN));
    server = new ServerIq(StandardModules.of(PepHandler.none(), java.time.Clock.systemUTC()), services);
    services.registerServer(server);
    services.register(proxy.service());
    services.freeze();
    proxy.bind("127.0.0.1");
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  private XmlElement ask(String from, String to, String type, XmlElement payload) {
    // As the Router dispatches: the proxy's domain to the proxy, the server's to the server.
    var handler = services.service(Jids.domain(to)).map(Services.Service::handler).orElse(server);
    handler.handle(XmlElement.builder("iq", CLIENT).attr("type", type).attr("id", "i1")
        .attr("from", from).attr("to", to).child(payload).build(), replies::add);
    assertThat(replies).hasSize(1);
    return replies.remove(0);
  }

  private XmlElement activate(String from, String sid, String target) {
    return ask(from, PROXY, "set", XmlElement.builder("query", Proxy65Iq.BYTESTREAMS).attr("sid", sid)
        .child(XmlElement.builder("activate", Proxy65Iq.BYTESTREAMS).text(target)).build());
  }

  private static String sha1Hex(String s) throws Exception {
    StringBuilder hex = new StringBuilder();
    for (byte b : MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8))) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  private static String errorCondition(XmlElement reply) {
    assertThat(reply.attr("type")).isEqualTo("error");
    return reply.child("error", CLIENT).orElseThrow().elements().get(0).name();
  }

  @Test
  void jidFor_domain_isProxySubdomain() {
    assertThat(Proxy65.jidFor(Jids.domain(DOMAIN)).toString()).isEqualTo(PROXY);
    assertThat(proxy.jid().toString()).isEqualTo(PROXY);
    assertThat(services.all()).extracting(Services.Service::jid).containsExactly(Jids.domain(PROXY));
  }

  @Test
  void serverDiscoItems_listsTheProxy() {
    XmlElement reply = ask(REQUESTER, DOMAIN, "get", XmlElement.of("query", Namespaces.DISCO_ITEMS));

    XmlElement item = reply.child("query", Namespaces.DISCO_ITEMS).orElseThrow()
        .child("item", Namespaces.DISCO_ITEMS).orElseThrow();
    assertThat(item.attr("jid")).isEqualTo(PROXY);
    assertThat(item.attr("name")).isEqualTo(Proxy65.NAME);
  }

  @Test
  void discoInfoToProxy_answeredByTheProxyNotTheServer() {
    XmlElement reply = ask(REQUESTER, PROXY, "get", XmlElement.of("query", Namespaces.DISCO_INFO));

    assertThat(reply.attr("from")).isEqualTo(PROXY);
    XmlElement identity = reply.child("query", Namespaces.DISCO_INFO).orElseThrow()
        .child("identity", Namespaces.DISCO_INFO).orElseThrow();
    assertThat(identity.attr("category")).isEqualTo("proxy");
  }

  @Test
  void streamHost_announcesTheBoundPort() {
    XmlElement reply = ask(REQUESTER, PROXY, "get", XmlElement.of("query", Proxy65Iq.BYTESTREAMS));

    XmlElement host = reply.child("query", Proxy65Iq.BYTESTREAMS).orElseThrow()
        .child("streamhost", Proxy65Iq.BYTESTREAMS).orElseThrow();
    assertThat(host.attr("host")).isEqualTo("127.0.0.1");
    assertThat(Integer.parseInt(host.attr("port"))).isEqualTo(proxy.boundAddress().getPort());
  }

  @Test
  void mediatedStream_targetThenRequesterThenActivation_relays() throws Exception {
    InetSocketAddress at = proxy.boundAddress();
    String digest = sha1Hex("s1" + REQUESTER + TARGET);
    try (Socks5TestClient target = Socks5TestClient.established(at, digest);
        Socks5TestClient requester = Socks5TestClient.established(at, digest)) {
      XmlElement reply = activate(REQUESTER, "s1", TARGET);

      assertThat(reply.attr("type")).isEqualTo("result");
      assertThat(reply.attr("from")).isEqualTo(PROXY);
      assertThat(reply.attr("to")).isEqualTo(REQUESTER);
      requester.send("hello through the proxy");
      assertThat(target.readString(23)).isEqualTo("hello through the proxy");
    }
  }

  @Test
  void activation_fromSomeoneElse_itemNotFoundAndStreamStillWaits() throws Exception {
    InetSocketAddress at = proxy.boundAddress();
    String digest = sha1Hex("s2" + REQUESTER + TARGET);
    try (Socks5TestClient target = Socks5TestClient.established(at, digest);
        Socks5TestClient requester = Socks5TestClient.established(at, digest)) {
      assertThat(errorCondition(activate("mallory@example.com/x", "s2", TARGET))).isEqualTo("item-not-found");

      assertThat(activate(REQUESTER, "s2", TARGET).attr("type")).isEqualTo("result");
    }
  }

  @Test
  void activation_onlyTargetConnected_notAllowed() throws Exception {
    String digest = sha1Hex("s3" + REQUESTER + TARGET);
    try (Socks5TestClient target = Socks5TestClient.established(proxy.boundAddress(), digest)) {
      assertThat(errorCondition(activate(REQUESTER, "s3", TARGET))).isEqualTo("not-allowed");
    }
  }

  @Test
  void serverItself_stillAnswersItsOwnRequests() {
    XmlElement reply = ask(REQUESTER, DOMAIN, "get", XmlElement.of("query", Namespaces.DISCO_INFO));

    assertThat(reply.attr("from")).isEqualTo(DOMAIN);
    assertThat(reply.child("query", Namespaces.DISCO_INFO).orElseThrow()
        .child("identity", Namespaces.DISCO_INFO).orElseThrow().attr("category")).isEqualTo("server");
  }
}
