package io.switchboard.node.sasl2;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.fast.FastTokenRow;
import io.switchboard.persistence.fast.FastTokenStore;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl2.HashedToken;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawClient;
import io.switchboard.node.testing.TwoNodeCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0388 SASL2, XEP-0386 Bind2, XEP-0198 inside SASL2 and XEP-0484 FAST over real TLS sockets
 * on the shared two-node cluster, written as raw XML after the XEPs' examples: Smack 4.5.0-beta5
 * has no SASL2 and its Bind2 module throws "Bind2 not implemented", so no client library here
 * speaks them.
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class Sasl2FastIT {
  private static final Pattern TOKEN = Pattern.compile("<token [^>]*token=\"([^\"]+)\"");
  private static final Pattern SM_ID = Pattern.compile("<enabled [^>]*id=\"([^\"]+)\"");

  @BeforeAll
  static void accounts() {
    for (String u : new String[] {"fast-a", "fast-b", "fast-c", "fast-d"}) {
      TwoNodeCluster.first().node().persistence().accounts().create(Jids.bare(u + "@localhost"), u + "-pw")
          .toCompletableFuture().join();
    }
  }

  private static String plain(String user, String password) {
    return b64(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static String header(InProcessNode node) {
    return String.format(RawClient.HEADER_FORMAT, node.domain());
  }

  private static String agent(String id) {
    return "<user-agent id='" + id + "'><software>Sasl2FastIT</software><device>loopback</device></user-agent>";
  }

  /** SASL2 PLAIN asking a token, with Bind2 (tag, XEP-0198 with resumption): the success read whole. */
  private static String passwordLogin(RawClient c, InProcessNode node, String user, String agentId) throws Exception {
    c.send(header(node));
    String features = c.readUntil("</stream:features>");
    assertThat(features).contains("<authentication xmlns=\"urn:xmpp:sasl:2\"")
        .contains("<fast xmlns=\"urn:xmpp:fast:0\"><mechanism>HT-SHA-256-NONE</mechanism></fast>")
        .contains("<bind xmlns=\"urn:xmpp:bind:0\"");
    c.send("<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>" + plain(user, user + "-pw")
        + "</initial-response>" + agent(agentId)
        + "<request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/>"
        + "<bind xmlns='urn:xmpp:bind:0'><tag>it</tag><enable xmlns='urn:xmpp:sm:3' resume='true'/></bind>"
        + "</authenticate>");
    return c.readUntilAny("</success>", "</failure>");
  }

  private static String token(String success) {
    Matcher m = TOKEN.matcher(success);
    assertThat(m.find()).as("a token in " + success).isTrue();
    return m.group(1);
  }

  /** Header and a token {@code <authenticate/>} in one write: the whole login is one round trip after TLS. */
  private static String tokenLogin(RawClient c, InProcessNode node, String user, String token, String agentId,
      String inline) throws Exception {
    c.send(header(node) + "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>"
        + b64(HashedToken.initialResponse(user, token)) + "</initial-response>" + agent(agentId) + inline
        + "</authenticate>");
    c.readUntil("</stream:features>");
    return c.readUntilAny("</success>", "</failure>");
  }

  @Test
  void fastToken_reconnectOnOtherNode_resumesInOneRoundTrip() throws Exception {
    String agentId = UUID.randomUUID().toString();
    String token;
    String smId;
    try (RawClient first = RawClient.connect(TwoNodeCluster.first())) {
      // SCRAM-SHA-256 over SASL2's <challenge/> and <response/>, asking a token and Bind2.
      String success = Sasl2Scram.login(first, header(TwoNodeCluster.first()), "fast-a", "fast-a-pw",
          agent(agentId) + "<request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/>"
              + "<bind xmlns='urn:xmpp:bind:0'><tag>it</tag><enable xmlns='urn:xmpp:sm:3' resume='true'/></bind>",
          null);
      assertThat(success).contains("<additional-data>"); // SCRAM's server-final-message (v=...)
      assertThat(success).contains("<authorization-identifier>fast-a@localhost/it.")
          .contains("<bound xmlns=\"urn:xmpp:bind:0\"><enabled xmlns=\"urn:xmpp:sm:3\"");
      token = token(success);
      Matcher m = SM_ID.matcher(success);
      assertThat(m.find()).isTrue();
      smId = m.group(1);
      first.send("<presence/>");
    } // dropped without </stream:stream>: the session is parked with its entity

    try (RawClient second = RawClient.connect(TwoNodeCluster.second())) {
      String success = tokenLogin(second, TwoNodeCluster.second(), "fast-a", token, agentId,
          "<fast xmlns='urn:xmpp:fast:0' count='1'/><resume xmlns='urn:xmpp:sm:3' previd='" + smId + "' h='0'/>");
      assertThat(success).contains("<success xmlns=\"urn:xmpp:sasl:2\">")
          .contains("<resumed xmlns=\"urn:xmpp:sm:3\"").contains("previd=\"" + smId + "\"")
          .doesNotContain("<bound");
      // HT's mutual authentication: the server proves it holds the token too.
      String responder = b64(HashedToken.hmac(token.getBytes(StandardCharsets.UTF_8),
          "Responder".getBytes(StandardCharsets.US_ASCII)));
      assertThat(success).contains("<additional-data>" + responder + "</additional-data>");
      // The resumed stream works: a ping to the server is answered.
      second.send("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
      String pong = second.readUntil("id=\"p1\"");
      pong = pong.substring(pong.lastIndexOf("<iq")) + second.readUntil(">");
      assertThat(pong).contains("type=\"result\"");
    }
  }

  @Test
  void fastToken_replayedCountOrInvalidated_refused() throws Exception {
    String agentId = UUID.randomUUID().toString();
    String token;
    try (RawClient c = RawClient.connect(TwoNodeCluster.first())) {
      token = token(passwordLogin(c, TwoNodeCluster.first(), "fast-b", agentId));
    }
    try (RawClient c = RawClient.connect(TwoNodeCluster.second())) {
      assertThat(tokenLogin(c, TwoNodeCluster.second(), "fast-b", token, agentId,
          "<fast xmlns='urn:xmpp:fast:0' count='5'/>")).contains("<success");
    }
    try (RawClient c = RawClient.connect(TwoNodeCluster.first())) {
      assertThat(tokenLogin(c, TwoNodeCluster.first(), "fast-b", token, agentId,
          "<fast xmlns='urn:xmpp:fast:0' count='5'/>")).contains("<failure").contains("<not-authorized");
    }
    try (RawClient c = RawClient.connect(TwoNodeCluster.first())) {
      assertThat(tokenLogin(c, TwoNodeCluster.first(), "fast-b", token, agentId,
          "<fast xmlns='urn:xmpp:fast:0' count='6' invalidate='true'/>")).contains("<success");
    }
    try (RawClient c = RawClient.connect(TwoNodeCluster.second())) {
      assertThat(tokenLogin(c, TwoNodeCluster.second(), "fast-b", token, agentId,
          "<fast xmlns='urn:xmpp:fast:0' count='7'/>")).contains("<failure").contains("<not-authorized");
    }
  }

  @Test
  void fastToken_afterPasswordChange_refused() throws Exception {
    String agentId = UUID.randomUUID().toString();
    String token;
    try (RawClient c = RawClient.connect(TwoNodeCluster.first())) {
      token = token(passwordLogin(c, TwoNodeCluster.first(), "fast-c", agentId));
    }
    TwoNodeCluster.first().node().persistence().accounts()
        .changePassword(Jids.bare("fast-c@localhost"), "fast-c-new").toCompletableFuture().join();
    try (RawClient c = RawClient.connect(TwoNodeCluster.second())) {
      assertThat(tokenLogin(c, TwoNodeCluster.second(), "fast-c", token, agentId, ""))
          .contains("<failure xmlns=\"urn:xmpp:sasl:2\"").contains("<not-authorized");
    }
  }

  @Test
  void fastToken_expired_credentialsExpired() throws Exception {
    String agentId = UUID.randomUUID().toString();
    String token;
    try (RawClient c = RawClient.connect(TwoNodeCluster.first())) {
      token = token(passwordLogin(c, TwoNodeCluster.first(), "fast-d", agentId));
    }
    // The stored row's expiry moved into the past, as the token's lifetime would have done.
    InProcessNode n = TwoNodeCluster.first();
    FastTokenStore store = FastTokenStore.cassandra(n.node().persistence().session(), n.node().persistence().settings());
    FastTokenRow row = store.find("fast-d", agentId).toCompletableFuture().join().orElseThrow();
    store.put("fast-d", agentId, new FastTokenRow(new FastTokenRow.Key(row.current().key(), Instant.now().minusSeconds(5)),
        Optional.empty(), row.accountStamp(), row.count()), Duration.ofMinutes(5)).toCompletableFuture().join();
    try (RawClient c = RawClient.connect(TwoNodeCluster.second())) {
      assertThat(tokenLogin(c, TwoNodeCluster.second(), "fast-d", token, agentId, ""))
          .contains("<failure xmlns=\"urn:xmpp:sasl:2\"").contains("<credentials-expired");
    }
  }
}
