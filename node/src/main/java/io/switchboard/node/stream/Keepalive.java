package io.switchboard.node.stream;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of one client stream: the handshake deadline (a stream must bind a resource within
 * {@code handshake-timeout}), XEP-0199 pings after {@code ping-interval} of silence (closed when
 * unanswered within {@code ping-timeout}), the stanza deadline (a first-level element must be
 * complete within {@code stanza-timeout} of its first byte, or the stream ends with
 * {@code <policy-violation/>}), and the parser's hibernation after
 * {@link #PARSER_HIBERNATES_AFTER} without input. One scheduled check at a time, in place of a
 * per-connection idle handler (its objects and tasks were ~0.3 KB of every idle connection).
 */
public final class Keepalive {
  private static final Logger log = LoggerFactory.getLogger(Keepalive.class);

  /** Quiet time after which a connection's parser is dropped until the next read. */
  public static final Duration PARSER_HIBERNATES_AFTER = Duration.ofSeconds(10);
  private static final long HIBERNATE_AFTER_NANOS = PARSER_HIBERNATES_AFTER.toNanos();
  private static final long DONE_KEPT_AT_LEAST_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ClientStream stream;
  private boolean pingOutstanding;
  /** When the last ping was due (the ping repeats every ping-interval of silence). */
  private long lastPingDueNanos = System.nanoTime();
  /** Closes a stream that has not bound a resource in time; cancelled at the bind. */
  private ScheduledFuture<?> handshakeTimer;

  Keepalive(ClientStream stream) {
    this.stream = stream;
  }

  void start() {
    C2sSettings settings = stream.services.settings();
    handshakeTimer = stream.transport.schedule(this::handshakeDeadline, settings.handshakeTimeout());
    scheduleIdleCheck(Math.min(settings.pingInterval().toNanos(), HIBERNATE_AFTER_NANOS));
  }

  /** The client sent something: an outstanding ping is answered. */
  void readSomething() {
    pingOutstanding = false;
  }

  void handshakeDone() {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
      handshakeTimer = null;
    }
  }

  private void handshakeDeadline() {
    handshakeTimer = null;
    ClientStream.Phase phase = stream.phase();
    if (phase != ClientStream.Phase.BOUND && phase != ClientStream.Phase.CLOSED && stream.transport.isOpen()) {
      stream.logged(() -> log.info("Closing {}: no resource bound within {} (phase {}{})", stream.transport.describe(),
            stream.services.settings().handshakeTimeout(), phase, stream.isBusy() ? ", a check pending" : ""));
      stream.closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no resource bound in time");
    }
  }

  private void scheduleIdleCheck(long delayNanos) {
    stream.transport.schedule(this::idleCheck, Duration.ofNanos(Math.max(delayNanos, 1_000_000L)));
  }

  /**
   * After {@link #PARSER_HIBERNATES_AFTER} without bytes from the client the parser hibernates
   * (writes do not matter to it); after {@code ping-interval} of silence, and again after each
   * further interval, the client is pinged. Runs at least every {@code PARSER_HIBERNATES_AFTER}.
   */
  private void idleCheck() {
    if (stream.phase() == ClientStream.Phase.CLOSED || !stream.transport.isOpen()) {
      return;
    }
    long now = System.nanoTime();
    long stanzaTimeout = stream.services.settings().stanzaTimeout().toNanos();
    long partialSince = stream.transport.partialElementSinceNanos();
    if (partialSince >= 0 && now - partialSince >= stanzaTimeout) {
      stream.logged(() -> log.info("Closing {}: an element not completed within {}", stream.transport.describe(),
            stream.services.settings().stanzaTimeout()));
      stream.closeWithError(StreamErrorCondition.POLICY_VIOLATION,
          "stanza not completed within " + stream.services.settings().stanzaTimeout().toSeconds() + " s");
      return;
    }
    long lastRead = stream.transport.lastReadNanos();
    long hibernateAt = lastRead + HIBERNATE_AFTER_NANOS;
    if (now - hibernateAt >= 0) {
      stream.transport.hibernateParser();
    }
    ClientSession bound = stream.session();
    if (bound != null) {
      // Twice the linger, and at least a minute: no sender re-sends anything older than that.
      bound.forgetDoneIfQuiet(now, Math.max(2 * stream.services.settings().linger().toNanos(), DONE_KEPT_AT_LEAST_NANOS));
    }
    long pingEvery = stream.services.settings().pingInterval().toNanos();
    long pingAt = (lastRead - lastPingDueNanos > 0 ? lastRead : lastPingDueNanos) + pingEvery;
    if (now - pingAt >= 0) {
      lastPingDueNanos = now;
      pingAt = now + pingEvery;
      ping();
    }
    long nextHibernateCheck = now - hibernateAt < 0 ? hibernateAt : now + HIBERNATE_AFTER_NANOS;
    long next = pingAt - nextHibernateCheck < 0 ? pingAt : nextHibernateCheck;
    if (partialSince >= 0 && partialSince + stanzaTimeout - next < 0) {
      next = partialSince + stanzaTimeout;
    }
    scheduleIdleCheck(next - now);
  }

  private void ping() {
    ClientSession session = stream.session();
    if (stream.phase() != ClientStream.Phase.BOUND || session == null) {
      return;
    }
    if (pingOutstanding) {
      stream.logged(() -> log.info("Closing {}: no answer to a ping", session.jid()));
      stream.closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no answer to ping");
      return;
    }
    pingOutstanding = true;
    long pingSent = System.nanoTime();
    session.deliver(XmlElement.builder("iq", Namespaces.JABBER_CLIENT)
        .attr("type", "get")
        .attr("id", "ping-" + ClientStream.newId().substring(0, 8))
        .attr("from", stream.services.domain().toString())
        .attr("to", session.jid().toString())
        .child(XmlElement.of("ping", Namespaces.PING))
        .build());
    stream.transport.schedule(() -> {
      if (pingOutstanding && stream.transport.lastReadNanos() - pingSent < 0 && stream.phase() == ClientStream.Phase.BOUND) {
        ClientSession s = stream.session();
        stream.logged(() -> log.info("Closing {}: no answer to a ping",
            s == null ? stream.transport.describe() : s.jid()));
        stream.closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "no answer to ping");
      }
    }, stream.services.settings().pingTimeout());
  }
}
