package io.switchboard.node.stream;

/**
 * What every connection actor of one listener shares (built once per listener, not per bind: the
 * objects were ~60 bytes of every session).
 */
public record ActorWiring(ConnectionActor.Pacing timing, ConnectionActor.Fallback fallback,
    ClientSession.WriteFailed writeFailed, ClientSession.Overflow overflow) {

  public static ActorWiring of(StreamServices services) {
    C2sSettings settings = services.settings();
    ConnectionActor.Fallback fallback = (sess, stanza, receipt) -> ClientStream.reroute(services, sess, stanza, receipt);
    StreamMetrics metrics = services.metrics();
    ClientSession.Overflow overflow = sess -> {
      metrics.unackedOverflow();
      sess.closeWith(io.switchboard.protocol.error.StreamErrorCondition.POLICY_VIOLATION,
          "too many unacknowledged stanzas");
    };
    return new ActorWiring(
        new ConnectionActor.Pacing(settings.resendAfter(), settings.linger(), settings.ackTimeout(),
            settings.maxInFlight()),
        fallback, fallback::undeliverable, overflow);
  }
}
