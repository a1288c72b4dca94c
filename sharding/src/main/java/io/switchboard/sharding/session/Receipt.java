package io.switchboard.sharding.session;

import io.switchboard.sharding.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The promise that goes along with a message a client sent, until the message has been handed to
 * a recipient's connection or to offline storage (or deliberately answered with an error): then
 * {@link #ack()} tells the sending connection, which stops re-sending it. A connection re-sends
 * what stays unacknowledged, so a message whose entity died with a node is never silently lost;
 * a duplicate is possible only when a message was handed on but its receipt was lost.
 *
 * <p>Archives (XEP-0313) join the promise: an entity that archives the message adds its archive
 * to {@code archives} before passing the receipt on, and confirms with {@link #archived} once its
 * write landed. The sending connection forgets the message only when it was handed on and every
 * archive the acknowledgement names confirmed it; an entity that dies before its write lands
 * leaves the message unacknowledged, so it is sent again. {@code id} makes that repetition
 * harmless: it is the message's one archive id (the XEP-0359 stanza-id), chosen once by the
 * sending connection and kept for every copy it sends, so an archive writes the same row again.
 *
 * <p>Two receipts are equal when they promise the same message to the same origin: the archives
 * a copy collected on its way do not make it another message.
 *
 * @param origin the sending client's connection
 * @param seq that connection's sequence number of the message
 * @param id the message's archive id (a time-based UUID), or null when the origin chose none
 * @param archives the bare JIDs of the archives that must confirm the message
 */
public record Receipt(ActorRef<ConnectionMessage> origin, long seq, UUID id, List<String> archives)
    implements CborSerializable {

  public Receipt {
    archives = archives == null ? List.of() : List.copyOf(archives);
  }

  /** A receipt with no archive id (entity-made receipts: offline copies, roster removals). */
  public Receipt(ActorRef<ConnectionMessage> origin, long seq) {
    this(origin, seq, null, List.of());
  }

  /** Acknowledges the message to the sending connection, naming the archives it waits for. */
  public void ack() {
    origin.tell(new ConnectionMessage.Accepted(seq, archives));
  }

  /** Acknowledges {@code receipt} if there is one. */
  public static void ack(Receipt receipt) {
    if (receipt != null) {
      receipt.ack();
    }
  }

  /** This receipt, also waiting for the archive of {@code owner} (a bare JID). */
  public Receipt withArchive(String owner) {
    if (archives.contains(owner)) {
      return this;
    }
    List<String> more = new ArrayList<>(archives.size() + 1);
    more.addAll(archives);
    more.add(owner);
    return new Receipt(origin, seq, id, more);
  }

  /** The archive of {@code owner} stored the message (see the class comment). */
  public void archived(String owner) {
    origin.tell(new ConnectionMessage.Archived(seq, owner));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt r && seq == r.seq && origin.equals(r.origin) && Objects.equals(id, r.id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, seq, id);
  }
}
