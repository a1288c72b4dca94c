package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.node.testing.ManualClock;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.ScramCredentials;
import io.switchboard.protocol.sasl2.HashedToken;
import io.switchboard.sharding.session.ResumeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XEP-0388/0386/0484 and XEP-0198-in-SASL2 on one client stream, through a {@link FakeTransport}
 * with the cluster played by a {@link FakeGateway} and tokens in memory; {@code Sasl2FastIT}
 * runs the same over real sockets on two nodes.
 */
class Sasl2StreamTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final KeyDerivation kdf = new KeyDerivation(2, 100);
  private static final Pattern TOKEN = Pattern.compile("token=\"([^\"]+)\"");
  private final InMemoryAccounts accounts = new InMemoryAccounts();
  private final InMemoryFastTokenStore tokens = new InMemoryFastTokenStore();
  private final FakeGateway gateway = new FakeGateway();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T12:00:00Z"));
  private StreamServices services;
  private FakeTransport transport;
  private ClientStream stream;

  @BeforeEach
  void start() {
    accounts.create(Jids.bare("alice@example.com"), ScramCredentials.deriveAll("secret", 1));
    services = services(true);
    connect();
  }

  private StreamServices services(boolean tlsRequired) {
    return InMemoryStreamServices.of(kit.system(), accounts, gateway, tlsRequired, kdf,
        new FastTokens(tokens, new FastSettings(true, Duration.ofDays(14), Duration.ofDays(3)), clock));
  }

  private void connect() {
    transport = new FakeTransport(true);
    stream = new ClientStream(services, transport, ActorWiring.of(services));
    transport.on(stream::onConnected);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static String plain(String password) {
    return Base64.getEncoder().encodeToString(("\0alice\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String agent() {
    return "<user-agent id='ua-1'><software>test</software></user-agent>";
  }

  private String passwordLoginWithToken() throws Exception {
    transport.header(stream);
    transport.until("<features");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>" + plain("secret")
        + "</initial-response>" + agent() + "<request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/>"
        + "<bind xmlns='urn:xmpp:bind:0'><tag>phone</tag><enable xmlns='urn:xmpp:sm:3' resume='true'/></bind>"
        + "</authenticate>");
    String success = transport.until("<success");
    Matcher m = TOKEN.matcher(success);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private String tokenLogin(String token, String inline) throws Exception {
    connect();
    transport.header(stream);
    transport.until("<features");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>"
        + Base64.getEncoder().encodeToString(HashedToken.initialResponse("alice", token)) + "</initial-response>"
        + agent() + inline + "</authenticate>");
    return transport.until("urn:xmpp:sasl:2");
  }

  @Test
  void features_beforeAuthentication_offerSasl2WithBind2SmAndFast() throws Exception {
    transport.header(stream);
    String features = transport.until("<features");
    assertThat(features).contains("<authentication xmlns=\"urn:xmpp:sasl:2\"><mechanism>SCRAM-SHA-512</mechanism>")
        .contains("<mechanism>PLAIN</mechanism></authentication>".replace("</authentication>", "<inline>"))
        .contains("<bind xmlns=\"urn:xmpp:bind:0\"><inline><feature var=\"urn:xmpp:sm:3\"/></inline></bind>")
        .contains("<fast xmlns=\"urn:xmpp:fast:0\"><mechanism>HT-SHA-256-NONE</mechanism></fast>");
  }

  @Test
  void authenticate_plainWithBind2_successCarriesFullJidBoundEnabledAndToken() throws Exception {
    transport.header(stream);
    transport.until("<features");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>" + plain("secret")
        + "</initial-response>" + agent() + "<request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/>"
        + "<bind xmlns='urn:xmpp:bind:0'><tag>phone</tag><enable xmlns='urn:xmpp:sm:3' resume='true'/></bind>"
        + "</authenticate>");
    String success = transport.until("<success");
    assertThat(success).contains("<authorization-identifier>alice@example.com/phone.")
        .contains("<token xmlns=\"urn:xmpp:fast:0\" expiry=\"2026-12-20T12:00:00Z\"")
        .contains("<bound xmlns=\"urn:xmpp:bind:0\"><enabled xmlns=\"urn:xmpp:sm:3\"").contains("resume=\"true\"");
    assertThat(transport.out).doesNotContain("RESTART");
    // Stored is the key, never the token.
    String token = TOKEN.matcher(success).results().findFirst().orElseThrow().group(1);
    assertThat(tokens.rows.get("alice/ua-1").current().key()).isEqualTo(HashedToken.key(token));
    // The stream is bound: a stanza goes to the cluster, from the bound resource.
    transport.element(stream, "<message xmlns='jabber:client' to='bob@example.com' id='m1'><body>hi</body></message>");
    String call;
    do {
      call = gateway.calls.poll(10, java.util.concurrent.TimeUnit.SECONDS);
    } while (call != null && !call.startsWith("fromClient"));
    assertThat(call).startsWith("fromClient alice@example.com/phone.").contains("id=\"m1\"");
  }

  @Test
  void plaintextAllowed_noFastOfferedAndTokenLoginRefused() throws Exception {
    String token = passwordLoginWithToken(); // over TLS
    services = services(false);
    transport = new FakeTransport(false);
    stream = new ClientStream(services, transport, ActorWiring.of(services));
    transport.on(stream::onConnected);
    transport.header(stream);
    assertThat(transport.until("<features")).contains("<authentication xmlns=\"urn:xmpp:sasl:2\"").doesNotContain("urn:xmpp:fast:0");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>"
        + Base64.getEncoder().encodeToString(HashedToken.initialResponse("alice", token)) + "</initial-response>"
        + agent() + "</authenticate>");
    assertThat(transport.until("<failure")).contains("<invalid-mechanism");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='SCRAM-SHA-1'><initial-response>"
        + Base64.getEncoder().encodeToString("n,,n=alice,r=abcdefgh".getBytes(StandardCharsets.UTF_8))
        + "</initial-response>" + agent() + "<request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/>"
        + "</authenticate>");
    assertThat(transport.until("<challenge")).contains("<challenge xmlns=\"urn:xmpp:sasl:2\">");
  }

  @Test
  void authenticate_wrongPassword_sasl2FailureAndRetryAllowed() throws Exception {
    transport.header(stream);
    transport.until("<features");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>" + plain("wrong")
        + "</initial-response></authenticate>");
    assertThat(transport.until("<failure")).contains("<failure xmlns=\"urn:xmpp:sasl:2\"><not-authorized");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>" + plain("secret")
        + "</initial-response></authenticate>");
    assertThat(transport.until("<success")).contains("<authorization-identifier>alice@example.com</authorization-identifier>");
  }

  @Test
  void authenticate_malformed_failureNotClose() throws Exception {
    transport.header(stream);
    transport.until("<features");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2'/>");
    assertThat(transport.until("<failure")).contains("<invalid-mechanism");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>YWxpY2U=</initial-response>"
        + agent() + "</authenticate>");
    assertThat(transport.until("<failure")).contains("<malformed-request");
  }

  @Test
  void fastLogin_issuedToken_successWithResponderAndBind() throws Exception {
    String token = passwordLoginWithToken();
    String out = tokenLogin(token, "<bind xmlns='urn:xmpp:bind:0'><tag>phone</tag></bind>");
    byte[] responder = HashedToken.hmac(token.getBytes(StandardCharsets.UTF_8), "Responder".getBytes(StandardCharsets.US_ASCII));
    assertThat(out).contains("<success").contains("<additional-data>" + Base64.getEncoder().encodeToString(responder))
        .contains("<bound xmlns=\"urn:xmpp:bind:0\"/>");
  }

  @Test
  void fastLogin_expired_credentialsExpired() throws Exception {
    String token = passwordLoginWithToken();
    clock.advance(Duration.ofDays(15));
    assertThat(tokenLogin(token, "")).contains("<failure xmlns=\"urn:xmpp:sasl:2\"><credentials-expired");
  }

  @Test
  void fastLogin_otherUserAgent_notAuthorized() throws Exception {
    String token = passwordLoginWithToken();
    connect();
    transport.header(stream);
    transport.until("<features");
    transport.element(stream, "<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>"
        + Base64.getEncoder().encodeToString(HashedToken.initialResponse("alice", token)) + "</initial-response>"
        + "<user-agent id='ua-2'/></authenticate>");
    assertThat(transport.until("<failure")).contains("<not-authorized");
  }

  @Test
  void fastLogin_nearExpiry_rotatedAndOldTokenStillValidUntilNewOneUsed() throws Exception {
    String first = passwordLoginWithToken();
    clock.advance(Duration.ofDays(12)); // within rotate-before (3 days) of the 14-day expiry
    String missed = TOKEN.matcher(tokenLogin(first, "")).results().findFirst().orElseThrow().group(1);
    assertThat(missed).isNotEqualTo(first);
    // The client missed the new token: the old one still works, and brings another new one ...
    String out = tokenLogin(first, "");
    assertThat(out).contains("<success");
    String next = TOKEN.matcher(out).results().findFirst().orElseThrow().group(1);
    // ... which, once used, ends the rotation: no new token (far from expiry), the old ones refused.
    assertThat(tokenLogin(next, "")).contains("<success").doesNotContain("<token");
    assertThat(tokenLogin(first, "")).contains("<failure").contains("<not-authorized");
    assertThat(tokenLogin(missed, "")).contains("<failure").contains("<not-authorized");
  }

  @Test
  void fastLogin_inlineResumeHeldByEntity_resumedInsideSuccessNoBind() throws Exception {
    String token = passwordLoginWithToken();
    gateway.resumeWith = new ResumeResult.Resumed(3, List.of(), null);
    String out = tokenLogin(token, "<resume xmlns='urn:xmpp:sm:3' previd='cGhvbmU.eA' h='0'/>"
        + "<bind xmlns='urn:xmpp:bind:0'><tag>phone</tag></bind>");
    assertThat(out).contains("<authorization-identifier>alice@example.com/phone</authorization-identifier>")
        .contains("<resumed xmlns=\"urn:xmpp:sm:3\" h=\"3\" previd=\"cGhvbmU.eA\"/>").doesNotContain("<bound");
  }

  @Test
  void fastLogin_inlineResumeUnknown_failedThenBound() throws Exception {
    String token = passwordLoginWithToken();
    String out = tokenLogin(token, "<resume xmlns='urn:xmpp:sm:3' previd='cGhvbmU.eA' h='0'/>"
        + "<bind xmlns='urn:xmpp:bind:0'><tag>phone</tag></bind>");
    assertThat(out).contains("<failed xmlns=\"urn:xmpp:sm:3\"><item-not-found").contains("<bound");
  }
}
