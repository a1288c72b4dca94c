package io.switchboard.sharding.s2s;

import com.typesafe.config.Config;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Duration;

/**
 * XEP-0199 §4.3 on server-to-server streams: a stream that carried nothing for
 * {@code ping-interval} gets an {@code <iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>} from the
 * local domain to the remote one; any answer, a result or an error (a server that does not know
 * the namespace answers {@code <service-unavailable/>}), proves the stream alive. No answer within
 * {@code ping-timeout}: the stream is dead.
 *
 * <p>Without XEP-0288 s2s streams go one way, so the answer to a ping written on our outgoing
 * stream comes back on one of the peer's streams to us, on any node. Our pings carry ids starting
 * with {@link #ID_PREFIX}; the incoming stream that sees the answer takes it out of routing and
 * tells the {@link RemoteDomain} entity ({@link RemoteDomain.PingAnswered}).
 *
 * @param interval idle time before a ping
 * @param timeout time an answer may take
 */
public record S2sPing(Duration interval, Duration timeout) {
  public static final String ID_PREFIX = "s2sping-";
  /** Pings the {@link RemoteDomain} entity sends for its outgoing stream. */
  public static final String OUTGOING = ID_PREFIX + "o-";
  /** Pings an incoming stream asks for to learn whether the peer still uses it. */
  public static final String INCOMING = ID_PREFIX + "i-";

  public static final S2sPing DEFAULTS = new S2sPing(Duration.ofSeconds(60), Duration.ofSeconds(15));

  public S2sPing {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("switchboard.s2s.ping-interval must be positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("switchboard.s2s.ping-timeout must be positive");
    }
  }

  /** Reads {@code switchboard.s2s.ping-interval} and {@code ping-timeout}. */
  public static S2sPing fromConfig(Config root) {
    return new S2sPing(duration(root, "switchboard.s2s.ping-interval"), duration(root, "switchboard.s2s.ping-timeout"));
  }

  private static Duration duration(Config root, String key) {
    try {
      return root.getDuration(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** How often a stream's ping clock should be looked at. */
  public Duration tick() {
    long ms = Math.min(interval.toMillis(), timeout.toMillis()) / 4;
    return Duration.ofMillis(Math.max(50, ms));
  }

  /** What a stream's ping clock says now. */
  public enum Action {
    /** Traffic is recent, or an answer may still come. */
    NONE,
    /** Idle for {@code interval}: send a ping. */
    PING,
    /** A ping went unanswered for {@code timeout}: the stream is dead. */
    DEAD
  }

  /**
   * The pure decision step, in nanoseconds of one monotonic clock.
   *
   * @param lastTraffic when the stream last carried something (or came up, or had an answer)
   * @param pingSentAt when the unanswered ping went out, or {@code -1} when none is out
   */
  public Action decide(long now, long lastTraffic, long pingSentAt) {
    if (pingSentAt >= 0 && lastTraffic < pingSentAt) {
      return now - pingSentAt >= timeout.toNanos() ? Action.DEAD : Action.NONE;
    }
    return now - lastTraffic >= interval.toNanos() ? Action.PING : Action.NONE;
  }

  /** The ping from {@code local} to {@code remote}. */
  public static XmlElement request(String local, String remote, String id) {
    return XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "get").attr("id", id)
        .attr("from", local).attr("to", remote).child(XmlElement.of("ping", Namespaces.PING)).build();
  }

  /** Whether {@code stanza} answers one of our pings (a result or an error with our id). */
  public static boolean isAnswer(XmlElement stanza) {
    String type = stanza.attr("type");
    String id = stanza.attr("id");
    return stanza.name().equals("iq") && id != null && id.startsWith(ID_PREFIX)
        && ("result".equals(type) || "error".equals(type));
  }
}
