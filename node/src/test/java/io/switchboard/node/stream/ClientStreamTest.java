package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.ScramCredentials;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.sharding.session.ResumeResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client stream's negotiation alone: RFC 6120 steps driven through a {@link FakeTransport},
 * the cluster played by a {@link FakeGateway} (the real connection actor runs in a test actor
 * system). Over real sockets and a real cluster the same paths run in the c2s ITs.
 */
class ClientStreamTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
  private final InMemoryAccounts accounts = new InMemoryAccounts();
  private final FakeGateway gateway = new FakeGateway();
  private static final KeyDerivation kdf = new KeyDerivation(2, 100);
  private FakeTransport transport;
  private ClientStream stream;

  @BeforeEach
  void start() {
    accounts.create(Jids.bare("alice@example.com"), ScramCredentials.deriveAll("secret", 1));
    StreamServices streamServices =
        InMemoryStreamServices.of(kit.system(), accounts, gateway, true, kdf, FastTokens.DISABLED);
    transport = new FakeTransport(false);
    stream = new ClientStream(streamServices, transport, ActorWiring.of(streamServices));
    transport.on(stream::onConnected);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private void secureLogin() throws Exception {
    transport.secure = true;
    transport.header(stream);
    transport.until("<mechanisms");
    String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
    transport.element(stream, "<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + plain + "</auth>");
    transport.until("<success");
    assertThat(transport.next()).isEqualTo("RESTART");
    transport.header(stream);
    assertThat(transport.until("<features") .length()).isPositive();
  }

  @Test
  void header_plaintext_onlyStartTlsRequiredIsOffered() throws Exception {
    transport.header(stream);
    assertThat(transport.next()).isEqualTo("OPEN");
    String features = transport.next();
    assertThat(features).contains("<starttls").contains("<required/>").doesNotContain("<mechanisms");
  }

  @Test
  void startTls_thenNewHeader_offersMechanismsWithPlain() throws Exception {
    transport.header(stream);
    transport.until("<starttls");
    transport.element(stream, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    assertThat(transport.next()).isEqualTo("STARTTLS");
    transport.header(stream);
    assertThat(transport.until("<features")).contains("<mechanism>PLAIN</mechanism>").doesNotContain("starttls");
  }

  @Test
  void auth_beforeTls_encryptionRequired() throws Exception {
    transport.header(stream);
    transport.until("<starttls");
    transport.element(stream, "<auth xmlns='" + SASL + "' mechanism='PLAIN'>AGEAYg==</auth>");
    assertThat(transport.until("<failure")).contains("<encryption-required/>");
  }

  @Test
  void stanzaBeforeAuthentication_notAuthorizedAndClosed() throws Exception {
    transport.header(stream);
    transport.until("<starttls");
    transport.element(stream, "<message to='bob@example.com'><body>hi</body></message>");
    assertThat(transport.until("CLOSE")).isEqualTo("CLOSE not-authorized");
  }

  @Test
  void header_otherDomain_hostUnknown() throws Exception {
    transport.on(() -> stream.onEvent(new StreamEvent.StreamOpened(Map.of("to", "example.org", "version", "1.0"))));
    assertThat(transport.until("CLOSE")).isEqualTo("CLOSE host-unknown");
  }

  @Test
  void wrongPasswords_closedAfterTheConfiguredFailures() throws Exception {
    transport.secure = true;
    transport.header(stream);
    transport.until("<mechanisms");
    String bad = Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 3; i++) {
      transport.element(stream, "<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + bad + "</auth>");
      assertThat(transport.until("<failure")).contains("<not-authorized/>");
    }
    assertThat(transport.until("CLOSE")).isEqualTo("CLOSE policy-violation");
  }

  @Test
  void disabledAccount_rightPasswordGetsAccountDisabled_wrongOneNotAuthorized() throws Exception {
    accounts.setDisabled(Jids.bare("alice@example.com"), true);
    transport.secure = true;
    transport.header(stream);
    transport.until("<mechanisms");
    String bad = Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8));
    transport.element(stream, "<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + bad + "</auth>");
    assertThat(transport.until("<failure")).as("nobody without the password learns the account is disabled")
        .contains("<not-authorized/>");
    String good = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
    transport.element(stream, "<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + good + "</auth>");
    assertThat(transport.until("<failure")).contains("<account-disabled/>").doesNotContain("<success");
    accounts.setDisabled(Jids.bare("alice@example.com"), false);
    transport.element(stream, "<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + good + "</auth>");
    assertThat(transport.until("<success")).isNotEmpty();
  }

  @Test
  void bind_thenMessage_boundAndHandedToTheCluster() throws Exception {
    secureLogin();
    transport.element(stream, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>phone</resource></bind></iq>");
    assertThat(transport.until("<iq")).contains("type=\"result\"").contains("<jid>alice@example.com/phone</jid>");
    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("bind alice@example.com/phone");

    transport.element(stream, "<message to='bob@example.com' id='m1'><body>hi</body></message>");

    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS))
        .startsWith("fromClient alice@example.com/phone").contains("id=\"m1\""); // the Router stamps 'from'
  }

  @Test
  void sessionAfterBind_answeredHereNotRouted() throws Exception {
    secureLogin();
    transport.element(stream, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>web</resource></bind></iq>");
    transport.until("<jid>");
    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("bind alice@example.com/web");

    // Strophe.js (Converse) establishes an RFC 3921 session after binding.
    transport.element(stream, "<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
    assertThat(transport.until("<iq")).contains("type=\"result\"").contains("id=\"s1\"");
    transport.element(stream, "<message to='bob@example.com' id='m1'><body>hi</body></message>");
    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS)).startsWith("fromClient").contains("id=\"m1\"");
  }

  @Test
  void bindRefused_answeredWithTheStanzaError() throws Exception {
    gateway.refuseBind = "resource-constraint";
    secureLogin();
    transport.element(stream, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    assertThat(transport.until("<iq")).contains("type=\"error\"").contains("<resource-constraint");
  }

  @Test
  void streamManagement_enableThenAckRequest_answeredWithWhatTheClusterTook() throws Exception {
    secureLogin();
    transport.element(stream, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>");
    transport.until("<jid>");
    transport.element(stream, "<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
    assertThat(transport.until("<enabled")).contains("resume=\"true\"").contains("max=\"300\"");
    transport.element(stream, "<message to='bob@example.com' id='m1'><body>one</body></message>");
    String call = gateway.calls.poll(10, TimeUnit.SECONDS);
    while (call != null && !call.startsWith("fromClient")) {
      call = gateway.calls.poll(10, TimeUnit.SECONDS); // bind, smEnabled
    }
    assertThat(call).contains("id=\"m1\"");
    // h counts what the cluster took: the gateway's acknowledgement reaches the connection actor
    // as a message, so an <r/> that overtakes it is rightly answered h='0'. Ask until it is in.
    String answer = "";
    for (int i = 0; i < 100 && !answer.contains("h=\"1\""); i++) {
      transport.element(stream, "<r xmlns='urn:xmpp:sm:3'/>");
      answer = transport.until("<a ");
      assertThat(answer).containsAnyOf("h=\"0\"", "h=\"1\"");
      if (!answer.contains("h=\"1\"")) {
        Thread.sleep(50);
      }
    }
    assertThat(answer).contains("h=\"1\"");
  }

  @Test
  void ack_beyondWhatWasSent_undefinedCondition() throws Exception {
    secureLogin();
    transport.element(stream, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    transport.until("<jid>");
    transport.element(stream, "<enable xmlns='urn:xmpp:sm:3'/>");
    transport.until("<enabled");
    transport.element(stream, "<a xmlns='urn:xmpp:sm:3' h='5'/>");
    assertThat(transport.until("CLOSE")).isEqualTo("CLOSE undefined-condition");
  }

  @Test
  void resume_unknownSession_failedItemNotFound() throws Exception {
    secureLogin();
    transport.element(stream, "<resume xmlns='urn:xmpp:sm:3' previd='cGhvbmU.eA' h='0'/>");
    assertThat(transport.until("<failed")).contains("<item-not-found");
    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("resume alice@example.com/phone cGhvbmU.eA 0");
  }

  @Test
  void resume_heldByTheEntity_resumedWithTheHandledCount() throws Exception {
    gateway.resumeWith = new ResumeResult.Resumed(7, List.of(), null);
    secureLogin();
    transport.element(stream, "<resume xmlns='urn:xmpp:sm:3' previd='cGhvbmU.eA' h='0'/>");
    assertThat(transport.until("<resumed")).contains("h=\"7\"").contains("previd=\"cGhvbmU.eA\"");
  }

  @Test
  void disconnect_resumableSession_parkedWithTheEntity() throws Exception {
    secureLogin();
    transport.element(stream, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>");
    transport.until("<jid>");
    transport.element(stream, "<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
    transport.until("<enabled");
    gateway.calls.clear();

    transport.on(stream::onDisconnected);

    String call;
    do {
      call = gateway.calls.poll(10, TimeUnit.SECONDS);
    } while (call != null && !call.startsWith("park"));
    assertThat(call).isEqualTo("park alice@example.com/r 0");
  }

  @Test
  void closingTag_answeredWithOursAndTheSessionEnds() throws Exception {
    secureLogin();
    transport.element(stream, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>");
    transport.until("<jid>");
    transport.on(() -> stream.onEvent(StreamEvent.StreamClosed.INSTANCE));
    assertThat(transport.until("CLOSE")).isEqualTo("CLOSE");
    transport.on(stream::onDisconnected);

    String call;
    do {
      call = gateway.calls.poll(10, TimeUnit.SECONDS);
    } while (call != null && !call.startsWith("unbind"));
    assertThat(call).isEqualTo("unbind alice@example.com/r");
  }

  @Test
  void shutdown_systemShutdown() throws Exception {
    transport.header(stream);
    transport.until("<features");
    transport.on(stream::shutdown);
    assertThat(transport.until("CLOSE")).isEqualTo("CLOSE " + StreamErrorCondition.SYSTEM_SHUTDOWN.elementName());
  }
}
