package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5Client;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5Utils;
import org.jivesoftware.smackx.bytestreams.socks5.packet.Bytestream.StreamHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;

/**
 * Smack's own XEP-0065 client code against the proxy: its SOCKS5 handshake (which insists the
 * CONNECT reply echo the request byte for byte) and its digest, activated through the IQ side.
 */
class SmackInteropTest {
  private static final String CLIENT = "jabber:client";

  private Proxy65 proxy;

  @BeforeEach
  void start() {
    proxy = Proxy65.create(Jids.domain("example.com"),
        new Proxy65Settings(true, 0, "127.0.0.1", 0, Duration.ofSeconds(30), Duration.ofSeconds(30), 10));
    proxy.bind("127.0.0.1");
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void smackSocks5Clients_activatedWithSmackDigest_relay() throws Exception {
    Jid initiator = Jids.of("Initiator@Example.com/smack");
    Jid target = Jids.of("target@example.com/smack");
    String sid = "jingle-sid-1";
    String digest = Socks5Utils.createDigest(sid, initiator, target);
    InetSocketAddress at = proxy.boundAddress();
    StreamHost host = new StreamHost(proxy.jid(), at.getAddress().getHostAddress(), at.getPort());

    try (Socket targetSocket = new Socks5Client(host, digest).getSocket(5000);
        Socket initiatorSocket = new Socks5Client(host, digest).getSocket(5000)) {
      List<XmlElement> replies = new ArrayList<>();
      proxy.service().handler().handle(XmlElement.builder("iq", CLIENT)
          .attr("type", "set").attr("id", "act").attr("from", initiator.toString()).attr("to", proxy.jid().toString())
          .child(XmlElement.builder("query", Proxy65Iq.BYTESTREAMS).attr("sid", sid)
              .child(XmlElement.builder("activate", Proxy65Iq.BYTESTREAMS).text(target.toString())))
          .build(), replies::add);
      assertThat(replies).singleElement().satisfies(r -> assertThat(r.attr("type")).isEqualTo("result"));

      initiatorSocket.getOutputStream().write("smack file".getBytes(StandardCharsets.UTF_8));
      initiatorSocket.getOutputStream().flush();
      targetSocket.setSoTimeout(5000);
      InputStream in = targetSocket.getInputStream();
      assertThat(new String(in.readNBytes(10), StandardCharsets.UTF_8)).isEqualTo("smack file");
    }
  }
}
