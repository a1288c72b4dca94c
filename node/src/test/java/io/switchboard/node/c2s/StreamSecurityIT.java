package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawClient;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #23 F2, F3, F14 and F16 over real sockets and TLS, on one node with the default
 * registration mode, a short stanza timeout and a small node-wide connection cap.
 */
@ExtendWith(CassandraExtension.class)
class StreamSecurityIT {
  private static final int MAX_CONNECTIONS = 12;
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.startWithAccounts("stream_security_it", Map.of(
        "switchboard.c2s.stanza-timeout", "2s",
        "switchboard.c2s.channel-binding", true,
        "switchboard.c2s.max-connections", MAX_CONNECTIONS), "alice", "bob");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** F2: by default no account is created in-band, and the feature is not advertised. */
  @Test
  void register_defaultSettings_notAllowedAndNoAccount() throws Exception {
    try (RawClient c = RawClient.connect(node)) {
      c.send(String.format(RawClient.HEADER_FORMAT, node.domain()));
      String features = c.readUntil("</stream:features>");
      assertThat(features).contains("<mechanisms").doesNotContain("http://jabber.org/features/iq-register");
      c.send("<iq type='set' id='reg1'><query xmlns='jabber:iq:register'>"
          + "<username>mallory</username><password>mallory-pw</password></query></iq>");
      String reply = c.readUntil("</iq>");
      assertThat(reply).contains("type=\"error\"").contains("<not-allowed");
    }
    assertThat(node.node().persistence().accounts().login(Jids.bare("mallory@" + node.domain()))
        .toCompletableFuture().join()).as("no account was created").isEmpty();
  }

  /**
   * F3: more wrong passwords from one address than the old per-address lock (20 per minute)
   * allowed, spread over accounts nobody owns, do not keep an untouched account from logging in
   * from that address with its correct password.
   */
  @Test
  void login_afterManyFailuresForOtherAccountsFromSameAddress_succeeds() throws Exception {
    for (int i = 0; i < 24; i++) {
      String user = "guess" + (i % 6); // 4 failures per account: within its free failures
      XMPPTCPConnection c = new XMPPTCPConnection(
          SmackClients.config(node, user, "wrong").addEnabledSaslMechanism("SCRAM-SHA-1").build());
      try {
        c.connect();
        assertThatThrownBy(c::login).isInstanceOf(SASLErrorException.class)
            .satisfies(e -> assertThat(((SASLErrorException) e).getSASLFailure().getSASLErrorString())
                .isEqualTo("not-authorized"));
      } finally {
        c.disconnect();
      }
    }
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "f3");
    try {
      assertThat(alice.isAuthenticated()).isTrue();
    } finally {
      alice.disconnect();
    }
  }

  /**
   * F3, the other half: an account that is being guessed backs off (its correct password too waits
   * out the back-off), so guessing is slowed where it happens.
   */
  @Test
  void login_guessedAccountPastFreeFailures_temporaryAuthFailure() throws Exception {
    String last = null;
    for (int i = 0; i < 7 && !"temporary-auth-failure".equals(last); i++) {
      XMPPTCPConnection c = new XMPPTCPConnection(
          SmackClients.config(node, "bob", "wrong").addEnabledSaslMechanism("SCRAM-SHA-1").build());
      try {
        c.connect();
        SASLErrorException e = (SASLErrorException) org.assertj.core.api.Assertions.catchThrowable(c::login);
        assertThat(e).isNotNull();
        last = e.getSASLFailure().getSASLErrorString();
      } finally {
        c.disconnect();
      }
    }
    assertThat(last).isEqualTo("temporary-auth-failure");
  }

  /**
   * F16: a bound client that trickles one stanza a byte per second, which keeps every idle timer
   * quiet, is closed with policy-violation once the stanza is older than stanza-timeout (checked
   * at least every 10 s, the parser's hibernation period).
   */
  @Test
  void trickledStanza_afterBind_policyViolation() throws Exception {
    try (RawClient c = RawClient.login(node, "alice", "alice-pw", "trickle")) {
      c.send("<message to='bob@" + node.domain() + "'><body>");
      boolean closed = false;
      for (int i = 0; i < 30 && !closed; i++) {
        try {
          c.send("a");
        } catch (IOException e) {
          closed = true; // the server closed the socket between two bytes
          break;
        }
        closed = c.closedWithin(Duration.ofSeconds(1));
      }
      assertThat(closed).as("closed within 30 s of trickling").isTrue();
      assertThat(c.readUntil("</stream:stream>")).contains("<policy-violation");
    }
  }

  /**
   * F14: SCRAM-SHA-256-PLUS bound to the TLS session with tls-server-end-point (RFC 5929: the
   * SHA-256 of the certificate the client received), written out by hand because Smack 4.5 cannot
   * hash an ECDSA certificate ("EC MessageDigest not available") and slixmpp knows only
   * tls-unique. The mechanisms and the XEP-0440 feature are offered; the right binding logs in.
   */
  @Test
  void scramSha256Plus_tlsServerEndPoint_succeeds() throws Exception {
    try (RawClient c = RawClient.connect(node)) {
      c.send(String.format(RawClient.HEADER_FORMAT, node.domain()));
      String features = c.readUntil("</stream:features>");
      assertThat(features).contains("<mechanism>SCRAM-SHA-256-PLUS</mechanism>")
          .contains("<mechanism>SCRAM-SHA-1-PLUS</mechanism>")
          .contains("urn:xmpp:sasl-cb:0").contains("tls-server-end-point");
      byte[] binding = MessageDigest.getInstance("SHA-256").digest(c.tlsSession().getPeerCertificates()[0].getEncoded());
      assertThat(scramPlus(c, "alice", "alice-pw", binding)).contains("<success");
    }
  }

  /** F14: the same exchange with another certificate's hash (a relayed session) fails. */
  @Test
  void scramSha256Plus_wrongBindingData_failure() throws Exception {
    try (RawClient c = RawClient.connect(node)) {
      c.send(String.format(RawClient.HEADER_FORMAT, node.domain()));
      c.readUntil("</stream:features>");
      byte[] other = MessageDigest.getInstance("SHA-256").digest("not our certificate".getBytes(StandardCharsets.UTF_8));
      String outcome = scramPlus(c, "alice", "alice-pw", other);
      assertThat(outcome).contains("<failure").doesNotContain("<success");
    }
  }

  /** A hand-written SCRAM-SHA-256-PLUS client (RFC 5802 §3 and §7): the outcome element's text. */
  private static String scramPlus(RawClient c, String user, String password, byte[] binding) throws Exception {
    String gs2 = "p=tls-server-end-point,,";
    String bare = "n=" + user + ",r=" + nonce();
    c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256-PLUS'>"
        + b64(gs2 + bare) + "</auth>");
    String challenge = c.readUntilAny("</challenge>", "</failure>");
    if (!challenge.contains("</challenge>")) {
      return challenge;
    }
    String text = challenge.substring(challenge.lastIndexOf('>', challenge.indexOf("</challenge>")) + 1,
        challenge.indexOf("</challenge>"));
    String serverFirst = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    Map<String, String> attrs = new java.util.HashMap<>();
    for (String part : serverFirst.split(",")) {
      attrs.put(part.substring(0, 1), part.substring(2));
    }
    byte[] salted = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
        new javax.crypto.spec.PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(attrs.get("s")),
            Integer.parseInt(attrs.get("i")), 256)).getEncoded();
    byte[] clientKey = hmac(salted, "Client Key");
    byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
    byte[] cbindInput = java.util.Arrays.copyOf(gs2.getBytes(StandardCharsets.UTF_8), gs2.length() + binding.length);
    System.arraycopy(binding, 0, cbindInput, gs2.length(), binding.length);
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbindInput) + ",r=" + attrs.get("r");
    byte[] signature = hmac(storedKey, bare + "," + serverFirst + "," + withoutProof);
    byte[] proof = new byte[clientKey.length];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) (clientKey[i] ^ signature[i]);
    }
    c.send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
        + b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "</response>");
    return c.readUntilAny("</success>", "</failure>", "<success/>");
  }

  private static String nonce() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** F16: past max-connections open client connections, the next one gets resource-constraint. */
  @Test
  void connect_pastNodeConnectionCap_resourceConstraint() throws Exception {
    List<RawClient> open = new ArrayList<>();
    String refusal = null;
    try {
      for (int i = 0; i < MAX_CONNECTIONS + 5 && refusal == null; i++) {
        RawClient c = RawClient.connect(node);
        open.add(c);
        c.send(String.format(RawClient.HEADER_FORMAT, node.domain()));
        String got = c.readUntilAny("</stream:features>", "</stream:stream>");
        if (got.contains("</stream:stream>")) {
          refusal = got;
        }
      }
    } finally {
      for (RawClient c : open) {
        c.close();
      }
    }
    assertThat(refusal).as("a connection refused within max-connections + 5").isNotNull()
        .contains("<resource-constraint");
    assertThat(open.size()).isLessThanOrEqualTo(MAX_CONNECTIONS + 1);
    // The closed sockets are released: the node takes connections again.
    Await.until("a connection accepted again", Duration.ofSeconds(15), StreamSecurityIT::accepted);
  }

  private static boolean accepted() {
    try (RawClient c = RawClient.connect(node)) {
      c.send(String.format(RawClient.HEADER_FORMAT, node.domain()));
      return c.readUntilAny("</stream:features>", "</stream:stream>").contains("</stream:features>");
    } catch (Exception e) {
      return false;
    }
  }
}
