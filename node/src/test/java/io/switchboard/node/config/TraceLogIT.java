package io.switchboard.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.persistence.testkit.Await;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Trace ids end to end on the shared {@link TwoNodeCluster}: a message from a client on the first
 * node to a client on the second leaves hop lines on its way (the sending connection, the sender's
 * entity, the recipient's entity, both archives, the recipient's connection) that all carry one
 * trace id, the message's XEP-0359 stanza-id the recipient got, and their JSON lines (logback's
 * {@code JsonEncoder} as the node's logback.xml sets it) carry it in {@code mdc.trace}, with each
 * connection's own {@code mdc.conn}. The two nodes share this JVM's logging, so which node wrote a
 * line is known from where its client is connected, not from the line's {@code node} property.
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class TraceLogIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static InProcessNode one;
  private static InProcessNode two;

  @BeforeAll
  static void start() {
    one = TwoNodeCluster.first();
    two = TwoNodeCluster.second();
    for (String u : List.of("alice", "bob")) {
      one.node().persistence().accounts().create(Jids.bare("trace-" + u + "@localhost"), "trace-" + u + "-pw")
          .toCompletableFuture().join();
    }
  }

  private static List<ILoggingEvent> traced(ListAppender<ILoggingEvent> captured, String trace) {
    List<ILoggingEvent> copy;
    synchronized (captured) { // AppenderBase appends under its own lock
      copy = new ArrayList<>(captured.list);
    }
    return copy.stream().filter(e -> trace.equals(e.getMDCPropertyMap().get(Trace.TRACE))).toList();
  }

  private static ILoggingEvent line(List<ILoggingEvent> lines, String containing) {
    return lines.stream().filter(e -> e.getFormattedMessage().contains(containing)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + containing + "' in "
            + lines.stream().map(ILoggingEvent::getFormattedMessage).toList()));
  }

  @Test
  void message_fromTheFirstNodeToTheSecond_everyHopLineCarriesItsStanzaIdAsTrace_inJsonToo() throws Exception {
    Logger path = (Logger) LoggerFactory.getLogger(Trace.PATH_LOGGER);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    path.addAppender(captured);
    path.setLevel(Level.DEBUG);
    XMPPTCPConnection alice = SmackClients.connect(one, "trace-alice", "trace-alice-pw", "phone");
    XMPPTCPConnection bob = SmackClients.connect(two, "trace-bob", "trace-bob-pw", "desk");
    try {
      BlockingQueue<Message> got = new LinkedBlockingQueue<>();
      bob.addAsyncStanzaListener(s -> got.add((Message) s), StanzaTypeFilter.MESSAGE);
      // Bob's initial presence handled first (his entity takes his stanzas in order): else the
      // message may go to offline storage, and the copy delivered from there has no receipt.
      bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(bob.getUser()).setBody("sync").build());
      Message sync = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(sync).as("bob's own message").isNotNull();
      assertThat(sync.getBody()).isEqualTo("sync");
      alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("trace-bob@localhost"))
          .ofType(Message.Type.chat).setBody("follow me").build());
      Message m = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).as("bob got the message").isNotNull();
      assertThat(m.getBody()).isEqualTo("follow me");
      String trace = StanzaIdElement.getStanzaId(m).getId();

      Await.until("every hop line of " + trace, WAIT, () -> {
        List<String> seen = traced(captured, trace).stream().map(ILoggingEvent::getFormattedMessage).toList();
        return seen.stream().anyMatch(l -> l.contains("written to the client"))
            && seen.stream().filter(l -> l.contains("archived as " + trace)).count() == 2;
      });
      List<ILoggingEvent> lines = traced(captured, trace);
      ILoggingEvent sent = line(lines, "trace-alice@localhost/phone: <message/> to trace-bob@localhost sent to the cluster");
      line(lines, "trace-alice@localhost: <message/> from phone routed to trace-bob@localhost");
      line(lines, "trace-bob@localhost: <message/> from trace-alice@localhost/phone to resource(s) [desk]");
      line(lines, "trace-alice@localhost: archived as " + trace);
      line(lines, "trace-bob@localhost: archived as " + trace);
      ILoggingEvent written = line(lines, "trace-bob@localhost/desk: <message/> from trace-alice@localhost/phone written");

      String aliceConn = sent.getMDCPropertyMap().get(Trace.CONN);
      String bobConn = written.getMDCPropertyMap().get(Trace.CONN);
      assertThat(aliceConn).as("the first node's connection").matches("[0-9a-f]{16}");
      assertThat(bobConn).as("the second node's connection").matches("[0-9a-f]{16}").isNotEqualTo(aliceConn);

      JsonEncoder json = new JsonEncoder(); // as the node's logback.xml sets it
      json.setContext(path.getLoggerContext());
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      for (ILoggingEvent e : List.of(sent, written)) {
        JsonNode j = JSON.readTree(json.encode(e));
        assertThat(j.path("mdc").path("trace").asText()).isEqualTo(trace);
        assertThat(j.path("mdc").path("conn").asText()).isEqualTo(e == sent ? aliceConn : bobConn);
        assertThat(j.path("formattedMessage").asText()).doesNotContain("follow me");
      }
    } finally {
      path.detachAppender(captured);
      path.setLevel(null);
      alice.disconnect();
      bob.disconnect();
    }
  }
}
