package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0198 on a raw stream, where the test decides what the client acknowledges: a message the
 * client received but never acknowledged, on a session that is not resumed within the window,
 * must not vanish; it reaches the user at the next login from offline storage.
 */
@ExtendWith(CassandraExtension.class)
class StreamManagementIT {
  private static final String SM = "urn:xmpp:sm:3";
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.start("stream_mgmt_it", Map.of("switchboard.c2s.resume-timeout", "2s"));
    for (String user : new String[] {"kim", "lee"}) {
      node.node().persistence().accounts().create(Jids.bare(user + "@localhost"), user + "-pw").toCompletableFuture().join();
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void unackedMessage_sessionNotResumed_deliveredFromOfflineStorage() throws Exception {
    XMPPTCPConnection lee = SmackClients.connect(node, "lee", "lee-pw", "desk");
    try (SSLSocket kim = directTls()) {
      RawStream s = new RawStream(kim);
      s.send("<stream:stream to='localhost' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
      s.readUntil("</stream:features>");
      String plain = Base64.getEncoder().encodeToString("\0kim\0kim-pw".getBytes(StandardCharsets.UTF_8));
      s.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
      assertThat(s.readUntil("/>")).contains("<success");
      s.send("<stream:stream to='localhost' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
      assertThat(s.readUntil("</stream:features>")).contains("urn:xmpp:sm:3");
      s.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>raw</resource></bind></iq>");
      assertThat(s.readUntil("</iq>")).contains("kim@localhost/raw");
      s.send("<enable xmlns='" + SM + "' resume='true'/>");
      assertThat(s.readUntil("/>")).contains("<enabled").contains("resume=");
      s.send("<presence/>");

      lee.sendStanza(lee.getStanzaFactory().buildMessageStanza()
          .to("kim@localhost/raw").ofType(Message.Type.chat).setBody("do not lose me").build());
      assertThat(s.readUntil("</message>")).contains("do not lose me");
      // The socket drops without </stream:stream> and without acknowledging the message.
    }

    Thread.sleep(4000); // the 2 s resumption window passes; the message is routed on
    XMPPTCPConnection kimAgain = new XMPPTCPConnection(SmackClients.config(node, "kim", "kim-pw").setResource("phone").build());
    BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    kimAgain.addSyncStanzaListener(st -> inbox.add((Message) st), MessageTypeFilter.CHAT);
    try {
      kimAgain.connect().login();
      Message m = inbox.poll(15, TimeUnit.SECONDS);
      assertThat(m).as("the unacknowledged message came back").isNotNull();
      assertThat(m.getBody()).isEqualTo("do not lose me");
      assertThat(DelayInformation.from(m)).as("from offline storage, with a delay stamp").isNotNull();
    } finally {
      kimAgain.disconnect();
      lee.disconnect();
    }
  }

  private static SSLSocket directTls() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {SmackClients.trustOnly(node)}, null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", node.c2sTlsPort());
    s.setSoTimeout(10_000);
    s.startHandshake();
    return s;
  }

  /** Reads what the server writes, in order, up to each expected marker. */
  private static final class RawStream {
    private final SSLSocket socket;
    private final InputStream in;
    private final StringBuilder pending = new StringBuilder();

    RawStream(SSLSocket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
    }

    void send(String xml) throws IOException {
      socket.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
    }

    String readUntil(String marker) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] b = new byte[4096];
      while (pending.indexOf(marker) < 0) {
        int n = in.read(b);
        if (n < 0) {
          throw new IOException("stream closed; had: " + pending);
        }
        buf.reset();
        buf.write(b, 0, n);
        pending.append(buf.toString(StandardCharsets.UTF_8));
      }
      int end = pending.indexOf(marker) + marker.length();
      String out = pending.substring(0, end);
      pending.delete(0, end);
      return out;
    }
  }
}
