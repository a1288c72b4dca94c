package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.MucJoin;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/**
 * What a room sends as the result of a decision, in order. Most are plain stanzas; four are
 * completed by the entity when they go out, because they need what only the entity holds: the
 * history at hand, the archive id of a message, the ids of IQs passed through, the archive's
 * answer to a query.
 */
sealed interface Outgoing {

  /** One stanza, {@code to} set. */
  record Send(XmlElement stanza) implements Outgoing {}

  /** The same stanza to each of {@code recipients} ({@code to} filled in per recipient). */
  record Fanout(XmlElement template, List<String> recipients) implements Outgoing {
    public Fanout {
      recipients = List.copyOf(recipients);
    }
  }

  /** The discussion history (§7.2.15) for a session that just entered, as {@code join} asks. */
  record History(String fullJid, MucJoin join, int defaultMessages) implements Outgoing {}

  /**
   * A groupchat message for everyone: archived first (its archive id becomes its XEP-0359
   * stanza-id and it joins the history), then sent to {@code recipients}.
   *
   * @param with the sender's occupant JID (the archive's "with")
   * @param dedupeKey the sender's occupant id and message id, to recognise a copy sent again
   *     after a failover (null: not recognisable)
   */
  record Broadcast(XmlElement message, List<String> recipients, String with, String dedupeKey)
      implements Outgoing {
    public Broadcast {
      recipients = List.copyOf(recipients);
    }
  }

  /**
   * An IQ request passed through from {@code iq}'s sender to {@code target} (a real full JID), as
   * if from {@code asOccupant}: the entity gives it an id of its own and maps the answer back.
   */
  record ForwardIq(XmlElement iq, String target, String asOccupant) implements Outgoing {}

  /**
   * A XEP-0313 query on the room's archive from an entitled requester: the entity asks the
   * archive (only messages since {@code since}, when this room was created) and sends the answer.
   */
  record ArchiveQuery(XmlElement iq, java.time.Instant since) implements Outgoing {}
}
