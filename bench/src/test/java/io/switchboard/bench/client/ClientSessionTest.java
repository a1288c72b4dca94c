package io.switchboard.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.bench.sasl.AuthMechanism;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.sasl.SaslPayloads;
import io.switchboard.protocol.sasl.SaslStep;
import io.switchboard.protocol.sasl.ScramAlgorithm;
import io.switchboard.protocol.sasl.ScramCredentials;
import io.switchboard.protocol.sasl.ScramDecoy;
import io.switchboard.protocol.sasl.ScramServer;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Drives one ClientSession through a scripted server on an EmbeddedChannel (no network). */
class ClientSessionTest {
  private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
      + "xmlns:stream='http://etherx.jabber.org/streams' from='example.test' id='s1' version='1.0'>";
  private static final String BIND_FEATURES = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
      + "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>";

  private final Recorder listener = new Recorder();

  @Test
  void login_plain_bindsFetchesRosterAndGoesOnline() throws Exception {
    Server server = new Server(settings(AuthMechanism.PLAIN, true));

    assertThat(server.clientOpenedStream()).isTrue();
    server.send(HEADER + mechanisms("SCRAM-SHA-1", "PLAIN"));
    XmlElement auth = server.nextElement();
    assertThat(auth.is("auth", Namespaces.SASL)).isTrue();
    assertThat(auth.attr("mechanism")).isEqualTo("PLAIN");
    assertThat(new String(SaslPayloads.decode(auth.text()).orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("\u0000user7\u0000pass7");

    server.restartStream();
    server.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    assertThat(server.clientOpenedStream()).isTrue();
    server.send(HEADER + BIND_FEATURES);
    XmlElement bind = server.nextElement();
    assertThat(bind.child("bind", Namespaces.BIND).flatMap(b -> b.childText("resource", Namespaces.BIND)))
        .contains("bench");
    server.send("<iq type='result' id='" + bind.attr("id") + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
        + "<jid>user7@example.test/bench</jid></bind></iq>");
    XmlElement rosterGet = server.nextElement();
    assertThat(rosterGet.child("query", Namespaces.ROSTER)).isPresent();
    assertThat(listener.online).isEmpty();

    server.send("<iq type='result' id='" + rosterGet.attr("id") + "'><query xmlns='jabber:iq:roster'/></iq>");

    assertThat(server.nextElement().name()).isEqualTo("presence");
    assertThat(listener.online).containsExactly(7);
    assertThat(server.session.isOnline()).isTrue();
  }

  @Test
  void login_scramSha256_verifiesServerAndGoesOnline() throws Exception {
    Server server = new Server(settings(AuthMechanism.SCRAM_SHA_256, false));
    server.clientOpenedStream();
    server.send(HEADER + mechanisms("SCRAM-SHA-1", "SCRAM-SHA-256"));
    XmlElement auth = server.nextElement();
    assertThat(auth.attr("mechanism")).isEqualTo("SCRAM-SHA-256");
    ScramServer scram = ScramServer.create(ScramAlgorithm.SHA_256, "example.test", ScramDecoy.random(4096));

    SaslStep step = scram.start(SaslPayloads.decode(auth.text()));
    step = scram.credentials(Optional.of(ScramCredentials.derive(ScramAlgorithm.SHA_256, "pass7", new byte[16], 4096)));
    server.send(((SaslStep.Challenge) step).toElement().toXml());
    XmlElement response = server.nextElement();
    step = scram.respond(SaslPayloads.decode(response.text()).orElseThrow());
    assertThat(step).isInstanceOf(SaslStep.Success.class);
    server.restartStream();
    server.send(((SaslStep.Success) step).toElement().toXml());
    assertThat(server.clientOpenedStream()).isTrue();
    server.send(HEADER + BIND_FEATURES);
    XmlElement bind = server.nextElement();
    server.send("<iq type='result' id='" + bind.attr("id") + "'/>");

    assertThat(server.nextElement().name()).isEqualTo("presence"); // no roster get when disabled
    assertThat(listener.online).containsExactly(7);
    assertThat(listener.failures).isEmpty();
  }

  @Test
  void login_streamManagement_enablesBeforePresenceAndAnswersRequestsWithHandledCount() throws Exception {
    ClientSettings base = settings(AuthMechanism.PLAIN, false);
    Server server = new Server(new ClientSettings(base.credentials(), base.resource(), base.mechanism(), false, false,
        base.loginTimeout(), base.decoderLimits(), null, true));
    server.clientOpenedStream();
    server.send(HEADER + mechanisms("PLAIN"));
    server.nextElement();
    server.restartStream();
    server.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    server.clientOpenedStream();
    server.send(HEADER + BIND_FEATURES);
    XmlElement bind = server.nextElement();
    server.send("<iq type='result' id='" + bind.attr("id") + "'/>");

    XmlElement enable = server.nextElement();
    assertThat(enable.is("enable", Namespaces.STREAM_MANAGEMENT)).isTrue();
    assertThat(enable.attr("resume")).isEqualTo("true");
    assertThat(listener.online).isEmpty();
    server.send("<enabled xmlns='urn:xmpp:sm:3' id='t1' resume='true'/>");
    assertThat(server.nextElement().name()).isEqualTo("presence");
    assertThat(listener.online).containsExactly(7);

    server.send("<presence from='user7@example.test/bench'/><iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>"
        + "<r xmlns='urn:xmpp:sm:3'/>");

    assertThat(server.nextElement().attr("type")).isEqualTo("result");
    XmlElement ack = server.nextElement();
    assertThat(ack.is("a", Namespaces.STREAM_MANAGEMENT)).isTrue();
    assertThat(ack.attr("h")).isEqualTo("2");
  }

  @Test
  void login_streamManagementFailed_failsLogin() throws Exception {
    ClientSettings base = settings(AuthMechanism.PLAIN, false);
    Server server = new Server(new ClientSettings(base.credentials(), base.resource(), base.mechanism(), false, false,
        base.loginTimeout(), base.decoderLimits(), null, true));
    server.clientOpenedStream();
    server.send(HEADER + mechanisms("PLAIN"));
    server.nextElement();
    server.restartStream();
    server.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    server.clientOpenedStream();
    server.send(HEADER + BIND_FEATURES);
    server.send("<iq type='result' id='" + server.nextElement().attr("id") + "'/>");
    server.nextElement();

    server.send("<failed xmlns='urn:xmpp:sm:3'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");

    assertThat(listener.failures).containsExactly(LoginFailure.PROTOCOL);
    assertThat(listener.online).isEmpty();
  }

  @Test
  void login_scramWithForgedServerSignature_failsAuth() throws Exception {
    Server server = new Server(settings(AuthMechanism.SCRAM_SHA_1, false));
    server.clientOpenedStream();
    server.send(HEADER + mechanisms("SCRAM-SHA-1"));
    XmlElement auth = server.nextElement();
    ScramServer scram = ScramServer.create(ScramAlgorithm.SHA_1, "example.test", ScramDecoy.random(4096));
    scram.start(SaslPayloads.decode(auth.text()));
    SaslStep step = scram.credentials(Optional.of(ScramCredentials.derive(ScramAlgorithm.SHA_1, "pass7", new byte[16], 4096)));
    server.send(((SaslStep.Challenge) step).toElement().toXml());
    server.nextElement();

    server.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
        + SaslPayloads.encode("v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=".getBytes(StandardCharsets.UTF_8)) + "</success>");

    assertThat(listener.failures).containsExactly(LoginFailure.AUTH);
    assertThat(server.channel.isOpen()).isFalse();
  }

  @Test
  void login_mechanismNotOffered_failsAuthWithoutSendingCredentials() throws Exception {
    Server server = new Server(settings(AuthMechanism.PLAIN, false));
    server.clientOpenedStream();

    server.send(HEADER + mechanisms("SCRAM-SHA-1"));

    assertThat(listener.failures).containsExactly(LoginFailure.AUTH);
    assertThat(server.allElements()).isEmpty();
  }

  @Test
  void login_saslFailure_failsAuth() throws Exception {
    Server server = new Server(settings(AuthMechanism.PLAIN, false));
    server.clientOpenedStream();
    server.send(HEADER + mechanisms("PLAIN"));
    server.nextElement();

    server.send("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");

    assertThat(listener.failures).containsExactly(LoginFailure.AUTH);
  }

  @Test
  void login_startTlsRequiredButNotOffered_failsTls() throws Exception {
    ClientSettings s = settings(AuthMechanism.PLAIN, false);
    ClientSettings tls = new ClientSettings(s.credentials(), s.resource(), s.mechanism(), true, false,
        s.loginTimeout(), s.decoderLimits(), null);
    Server server = new Server(tls, ClientTls.context(null));
    server.clientOpenedStream();

    server.send(HEADER + mechanisms("PLAIN"));

    assertThat(listener.failures).containsExactly(LoginFailure.TLS);
  }

  @Test
  void online_pingAnsweredAndMessagesPassedOn_streamErrorReportsLostSession() throws Exception {
    Server server = onlineSession();

    server.send("<iq type='get' id='p1' from='example.test'><ping xmlns='urn:xmpp:ping'/></iq>");
    XmlElement pong = server.nextElement();
    assertThat(pong.attr("type")).isEqualTo("result");
    assertThat(pong.attr("id")).isEqualTo("p1");
    server.send("<iq type='get' id='v1' from='example.test'><query xmlns='jabber:iq:version'/></iq>");
    XmlElement error = server.nextElement();
    assertThat(error.attr("type")).isEqualTo("error");
    server.send("<message from='user2@example.test/x' type='chat'><body>hi</body></message>");
    assertThat(listener.stanzas).extracting(XmlElement::name).containsExactly("message");

    server.send("<stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");

    assertThat(listener.failures).containsExactly(LoginFailure.STREAM_ERROR);
    assertThat(listener.lostOnline).isEqualTo(1);
  }

  @Test
  void closeStream_online_sendsCloseAndReportsClosedWhenServerAnswers() throws Exception {
    Server server = onlineSession();

    server.session.closeStream();
    server.channel.runPendingTasks();
    assertThat(server.rawClientOutput()).contains("</stream:stream>");
    server.send("</stream:stream>");

    assertThat(listener.closed).isEqualTo(1);
    assertThat(listener.failures).isEmpty();
    assertThat(server.channel.isOpen()).isFalse();
  }

  @Test
  void loginTimeout_elapsed_failsTimeout() throws Exception {
    Server server = new Server(settings(AuthMechanism.PLAIN, false));
    server.clientOpenedStream();

    server.channel.advanceTimeBy(31, java.util.concurrent.TimeUnit.SECONDS);
    server.channel.runScheduledPendingTasks();

    assertThat(listener.failures).containsExactly(LoginFailure.TIMEOUT);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private Server onlineSession() throws Exception {
    Server server = new Server(settings(AuthMechanism.PLAIN, false));
    server.clientOpenedStream();
    server.send(HEADER + mechanisms("PLAIN"));
    server.nextElement();
    server.restartStream();
    server.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    server.clientOpenedStream();
    server.send(HEADER + BIND_FEATURES);
    XmlElement bind = server.nextElement();
    server.send("<iq type='result' id='" + bind.attr("id") + "'/>");
    assertThat(server.nextElement().name()).isEqualTo("presence");
    return server;
  }

  private static ClientSettings settings(AuthMechanism mechanism, boolean rosterGet) {
    return new ClientSettings(new Credentials("example.test", "user", "pass"), "bench", mechanism, false, rosterGet,
        Duration.ofSeconds(30), DecoderLimits.DEFAULT, null);
  }

  private static String mechanisms(String... names) {
    StringBuilder sb = new StringBuilder("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>");
    for (String n : names) {
      sb.append("<mechanism>").append(n).append("</mechanism>");
    }
    return sb.append("</mechanisms></stream:features>").toString();
  }

  /** The server end: decodes what the client wrote with the protocol module's decoder. */
  private final class Server {
    final ClientSession session;
    final EmbeddedChannel channel;
    private StreamDecoder decoder = new StreamDecoder(DecoderLimits.DEFAULT, Set.of(Namespaces.JABBER_CLIENT));
    private final List<StreamEvent> events = new ArrayList<>();

    Server(ClientSettings settings) {
      this(settings, null);
    }

    Server(ClientSettings settings, io.netty.handler.ssl.SslContext ssl) {
      session = new ClientSession(new SessionContext(settings, listener, ssl), 7, System.nanoTime());
      channel = new EmbeddedChannel(session);
    }

    void send(String xml) {
      channel.writeInbound(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
      channel.runPendingTasks();
    }

    void restartStream() {
      drain();
      decoder = new StreamDecoder(DecoderLimits.DEFAULT, Set.of(Namespaces.JABBER_CLIENT));
      events.clear();
    }

    boolean clientOpenedStream() throws Exception {
      drain();
      return !events.isEmpty() && events.remove(0) instanceof StreamEvent.StreamOpened;
    }

    XmlElement nextElement() throws Exception {
      drain();
      assertThat(events).as("client output").isNotEmpty();
      return ((StreamEvent.ElementReceived) events.remove(0)).element();
    }

    List<StreamEvent> allElements() throws Exception {
      drain();
      return events;
    }

    String rawClientOutput() {
      StringBuilder sb = new StringBuilder();
      ByteBuf buf;
      while ((buf = channel.readOutbound()) != null) {
        sb.append(buf.toString(StandardCharsets.UTF_8));
        buf.release();
      }
      return sb.toString();
    }

    private void drain() {
      ByteBuf buf;
      while ((buf = channel.readOutbound()) != null) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        try {
          decoder.feed(bytes, 0, bytes.length, events::add);
        } catch (Exception e) {
          throw new AssertionError("client wrote bad XML", e);
        }
      }
    }
  }

  private static final class Recorder implements SessionListener {
    final List<Integer> online = new ArrayList<>();
    final List<XmlElement> stanzas = new ArrayList<>();
    final List<LoginFailure> failures = new ArrayList<>();
    int lostOnline;
    int closed;

    @Override
    public void onOnline(ClientSession session, long loginNanos) {
      online.add(session.user());
    }

    @Override
    public void onStanza(ClientSession session, XmlElement stanza) {
      stanzas.add(stanza);
    }

    @Override
    public void onFailed(ClientSession session, LoginFailure reason, boolean wasOnline) {
      failures.add(reason);
      if (wasOnline) {
        lostOnline++;
      }
    }

    @Override
    public void onClosed(ClientSession session, boolean wasOnline) {
      closed++;
    }
  }
}
