package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.List;

/**
 * What a {@link UserSession} tells a client connection. The node implements the actor behind the
 * {@code ActorRef<ConnectionMessage>} it registers with {@link UserSession.Bind}; it may live on
 * another cluster node than the entity.
 */
public sealed interface ConnectionMessage extends CborSerializable {

  /**
   * Write this stanza to the client, as is, then acknowledge {@code receipt} (null when nobody
   * waits for it; see {@link Receipt}).
   */
  record Deliver(XmlElement stanza, Receipt receipt) implements ConnectionMessage {
    public Deliver(XmlElement stanza) {
      this(stanza, null);
    }
  }

  /**
   * The session state of this connection's resource changed; keep {@code record} and hand it back
   * with {@link UserSession.Reattach} if the entity restarts (see {@link ResourceRecord}).
   */
  record ResourceRecorded(ResourceRecord record) implements ConnectionMessage {}

  /**
   * The stanza this connection sent with sequence number {@code seq} was handed on (a
   * {@link Receipt}); it is done once each archive in {@code archives} also sent {@link Archived}.
   */
  record Accepted(long seq, List<String> archives) implements ConnectionMessage {
    public Accepted {
      archives = archives == null ? List.of() : List.copyOf(archives);
    }

    public Accepted(long seq) {
      this(seq, List.of());
    }
  }

  /** The archive of {@code owner} (a bare JID) stored the message with sequence number {@code seq}. */
  record Archived(long seq, String owner) implements ConnectionMessage {}

  /**
   * A newer login bound the same full JID (RFC 6120 §7.7.2.2): close this stream with a
   * {@code <conflict/>} stream error. The entity has already forgotten this connection.
   */
  enum Replaced implements ConnectionMessage {
    INSTANCE
  }

  /**
   * The entity is stopping to move to another cluster node (shard hand-off), or a restarted
   * entity got a stanza from this connection before it re-attached: send
   * {@link UserSession.Reattach} with this connection's state; the new incarnation takes it.
   */
  enum Rebind implements ConnectionMessage {
    INSTANCE
  }

  /**
   * Close this stream with the stream error {@code condition} (RFC 6120 §4.9.3), for example
   * {@code not-authorized} after the account was deleted (XEP-0077 §3.2). The entity has already
   * forgotten this connection: do not re-attach.
   */
  record Close(String condition) implements ConnectionMessage {}

  /**
   * XEP-0198: the entity journaled this connection's dropped session ({@link UserSession.Park})
   * and took over the receipts of what the client had not acknowledged; stop sending the park.
   */
  enum ParkAccepted implements ConnectionMessage {
    INSTANCE
  }

  /**
   * XEP-0198: this connection's parked session is over (resumed on another connection, or its
   * resumption window ended and the entity routed its stanzas on): end without unbinding.
   */
  enum Released implements ConnectionMessage {
    INSTANCE
  }
}
