package io.switchboard.sharding.session;

import io.switchboard.sharding.serialization.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The promise that goes along with a message a client sent, until the message has been handed to
 * a recipient's connection or to offline storage (or deliberately answered with an error): then
 * {@link #ack()} tells the sending connection, which stops re-sending it. A connection re-sends
 * what stays unacknowledged, so a message whose entity died with a node is never silently lost;
 * a duplicate is possible only when a message was handed on but its receipt was lost.
 *
 * @param origin the sending client's connection
 * @param seq that connection's sequence number of the message
 */
public record Receipt(ActorRef<ConnectionMessage> origin, long seq) implements CborSerializable {

  /** Acknowledges the message to the sending connection. */
  public void ack() {
    origin.tell(new ConnectionMessage.Accepted(seq));
  }

  /** Acknowledges {@code receipt} if there is one. */
  public static void ack(Receipt receipt) {
    if (receipt != null) {
      receipt.ack();
    }
  }
}
