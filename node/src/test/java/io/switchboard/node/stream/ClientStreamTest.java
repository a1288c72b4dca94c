package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.node.register.InBandRegistration;
import io.switchboard.node.register.Invitations;
import io.switchboard.node.register.RegistrationPolicy;
import io.switchboard.node.register.RegistrationSettings;
import io.switchboard.node.server.ServerIq;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.SaslMechanisms;
import io.switchboard.protocol.sasl.ScramCredentials;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.router.Services;
import io.switchboard.sharding.session.ResumeResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
    C2sSettings settings = C2sSettings.fromConfig(ConfigFactory.load());
    Services services = Services.of(Jids.domain("example.com"), (s, r) -> { }, List.of());
    StreamServices streamServices = new StreamServices(Jids.domain("example.com"), settings, true,
        SaslMechanisms.defaults("example.com"), accounts,
        new InBandRegistration(accounts, Jids.domain("example.com"),
            new RegistrationPolicy(RegistrationSettings.closed(), Clock.systemUTC()),
            new Invitations(new byte[32], Jids.domain("example.com"), Clock.systemUTC()), kdf, u -> { }),
        new ServerIq(StandardModules.of(PepHandler.none(), Clock.systemUTC()), services),
        gateway, kit.system(), new ParkedSessions(),
        new AuthThrottle(settings.authThrottle(), Clock.systemUTC()),
        kdf, Clock.systemUTC(), new LiveActors());
    transport = new FakeTransport(false);
    stream = new ClientStream(streamServices, transport, ActorWiring.of(streamServices));
    transport.on(stream::onConnected);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private void header() {
    transport.on(() -> stream.onEvent(new StreamEvent.StreamOpened(Map.of("to", "example.com", "version", "1.0"))));
  }

  private void element(String xml) {
    XmlElement e = XmlParser.parse(xml).orElseThrow(() -> new IllegalArgumentException(xml));
    transport.on(() -> stream.onEvent(new StreamEvent.ElementReceived(e, xml.length())));
  }

  /** Skips outputs until one contains {@code marker}; fails if none comes. */
  private String until(String marker) throws InterruptedException {
    for (String o = transport.next(); o != null; o = transport.next()) {
      if (o.contains(marker)) {
        return o;
      }
    }
    throw new AssertionError("no output containing " + marker);
  }

  private void secureLogin() throws Exception {
    transport.secure = true;
    header();
    until("<mechanisms");
    String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
    element("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + plain + "</auth>");
    until("<success");
    assertThat(transport.next()).isEqualTo("RESTART");
    header();
    assertThat(until("<features") .length()).isPositive();
  }

  @Test
  void header_plaintext_onlyStartTlsRequiredIsOffered() throws Exception {
    header();
    assertThat(transport.next()).isEqualTo("OPEN");
    String features = transport.next();
    assertThat(features).contains("<starttls").contains("<required/>").doesNotContain("<mechanisms");
  }

  @Test
  void startTls_thenNewHeader_offersMechanismsWithPlain() throws Exception {
    header();
    until("<starttls");
    element("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    assertThat(transport.next()).isEqualTo("STARTTLS");
    header();
    assertThat(until("<features")).contains("<mechanism>PLAIN</mechanism>").doesNotContain("starttls");
  }

  @Test
  void auth_beforeTls_encryptionRequired() throws Exception {
    header();
    until("<starttls");
    element("<auth xmlns='" + SASL + "' mechanism='PLAIN'>AGEAYg==</auth>");
    assertThat(until("<failure")).contains("<encryption-required/>");
  }

  @Test
  void stanzaBeforeAuthentication_notAuthorizedAndClosed() throws Exception {
    header();
    until("<starttls");
    element("<message to='bob@example.com'><body>hi</body></message>");
    assertThat(until("CLOSE")).isEqualTo("CLOSE not-authorized");
  }

  @Test
  void header_otherDomain_hostUnknown() throws Exception {
    transport.on(() -> stream.onEvent(new StreamEvent.StreamOpened(Map.of("to", "example.org", "version", "1.0"))));
    assertThat(until("CLOSE")).isEqualTo("CLOSE host-unknown");
  }

  @Test
  void wrongPasswords_closedAfterTheConfiguredFailures() throws Exception {
    transport.secure = true;
    header();
    until("<mechanisms");
    String bad = Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 3; i++) {
      element("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + bad + "</auth>");
      assertThat(until("<failure")).contains("<not-authorized/>");
    }
    assertThat(until("CLOSE")).isEqualTo("CLOSE policy-violation");
  }

  @Test
  void disabledAccount_rightPasswordGetsAccountDisabled_wrongOneNotAuthorized() throws Exception {
    accounts.setDisabled(Jids.bare("alice@example.com"), true);
    transport.secure = true;
    header();
    until("<mechanisms");
    String bad = Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8));
    element("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + bad + "</auth>");
    assertThat(until("<failure")).as("nobody without the password learns the account is disabled")
        .contains("<not-authorized/>");
    String good = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
    element("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + good + "</auth>");
    assertThat(until("<failure")).contains("<account-disabled/>").doesNotContain("<success");
    accounts.setDisabled(Jids.bare("alice@example.com"), false);
    element("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + good + "</auth>");
    assertThat(until("<success")).isNotEmpty();
  }

  @Test
  void bind_thenMessage_boundAndHandedToTheCluster() throws Exception {
    secureLogin();
    element("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>phone</resource></bind></iq>");
    assertThat(until("<iq")).contains("type=\"result\"").contains("<jid>alice@example.com/phone</jid>");
    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("bind alice@example.com/phone");

    element("<message to='bob@example.com' id='m1'><body>hi</body></message>");

    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS))
        .startsWith("fromClient alice@example.com/phone").contains("id=\"m1\""); // the Router stamps 'from'
  }

  @Test
  void sessionAfterBind_answeredHereNotRouted() throws Exception {
    secureLogin();
    element("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>web</resource></bind></iq>");
    until("<jid>");
    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("bind alice@example.com/web");

    // Strophe.js (Converse) establishes an RFC 3921 session after binding.
    element("<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
    assertThat(until("<iq")).contains("type=\"result\"").contains("id=\"s1\"");
    element("<message to='bob@example.com' id='m1'><body>hi</body></message>");
    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS)).startsWith("fromClient").contains("id=\"m1\"");
  }

  @Test
  void bindRefused_answeredWithTheStanzaError() throws Exception {
    gateway.refuseBind = "resource-constraint";
    secureLogin();
    element("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    assertThat(until("<iq")).contains("type=\"error\"").contains("<resource-constraint");
  }

  @Test
  void streamManagement_enableThenAckRequest_answeredWithWhatTheClusterTook() throws Exception {
    secureLogin();
    element("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>");
    until("<jid>");
    element("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
    assertThat(until("<enabled")).contains("resume=\"true\"").contains("max=\"300\"");
    element("<message to='bob@example.com' id='m1'><body>one</body></message>");
    String call = gateway.calls.poll(10, TimeUnit.SECONDS);
    while (call != null && !call.startsWith("fromClient")) {
      call = gateway.calls.poll(10, TimeUnit.SECONDS); // bind, smEnabled
    }
    assertThat(call).contains("id=\"m1\"");
    // h counts what the cluster took: the gateway's acknowledgement reaches the connection actor
    // as a message, so an <r/> that overtakes it is rightly answered h='0'. Ask until it is in.
    String answer = "";
    for (int i = 0; i < 100 && !answer.contains("h=\"1\""); i++) {
      element("<r xmlns='urn:xmpp:sm:3'/>");
      answer = until("<a ");
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
    element("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    until("<jid>");
    element("<enable xmlns='urn:xmpp:sm:3'/>");
    until("<enabled");
    element("<a xmlns='urn:xmpp:sm:3' h='5'/>");
    assertThat(until("CLOSE")).isEqualTo("CLOSE undefined-condition");
  }

  @Test
  void resume_unknownSession_failedItemNotFound() throws Exception {
    secureLogin();
    element("<resume xmlns='urn:xmpp:sm:3' previd='cGhvbmU.eA' h='0'/>");
    assertThat(until("<failed")).contains("<item-not-found");
    assertThat(gateway.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("resume alice@example.com/phone cGhvbmU.eA 0");
  }

  @Test
  void resume_heldByTheEntity_resumedWithTheHandledCount() throws Exception {
    gateway.resumeWith = new ResumeResult.Resumed(7, List.of(), null);
    secureLogin();
    element("<resume xmlns='urn:xmpp:sm:3' previd='cGhvbmU.eA' h='0'/>");
    assertThat(until("<resumed")).contains("h=\"7\"").contains("previd=\"cGhvbmU.eA\"");
  }

  @Test
  void disconnect_resumableSession_parkedWithTheEntity() throws Exception {
    secureLogin();
    element("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>");
    until("<jid>");
    element("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
    until("<enabled");
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
    element("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>");
    until("<jid>");
    transport.on(() -> stream.onEvent(StreamEvent.StreamClosed.INSTANCE));
    assertThat(until("CLOSE")).isEqualTo("CLOSE");
    transport.on(stream::onDisconnected);

    String call;
    do {
      call = gateway.calls.poll(10, TimeUnit.SECONDS);
    } while (call != null && !call.startsWith("unbind"));
    assertThat(call).isEqualTo("unbind alice@example.com/r");
  }

  @Test
  void shutdown_systemShutdown() throws Exception {
    header();
    until("<features");
    transport.on(stream::shutdown);
    assertThat(until("CLOSE")).isEqualTo("CLOSE " + StreamErrorCondition.SYSTEM_SHUTDOWN.elementName());
  }
}
