package io.switchboard.sharding.muc;

import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Which stanzas a room lets in, so that Pekko's stash never overflows.
 *
 * <p>While a room writes to its journal or recovers, Pekko's {@code EventSourcedBehavior} stashes
 * every command before the command handler sees it, in a buffer of
 * {@code pekko.persistence.typed.stash-capacity}; the room itself stashes stanzas while it loads
 * its history. What does not fit is dropped ({@code stash-overflow-strategy = drop}) with a log
 * line and nothing to the sender. The sharding region does not help: once the entity runs, its
 * messages go straight to the actor's (unbounded) mailbox. So the check sits in front of the
 * persistent behavior ({@link RoomGate}'s interceptor), where every stanza passes before
 * it can be stashed: the room counts the stanzas it let in and has not yet taken (its command
 * handler calls {@link #taken}), and refuses the next one while that count is at
 * {@code max-backlog}. The count is of the stanzas themselves (by identity), so it does not matter
 * whether an unstashed stanza passes the interceptor again.
 *
 * <p>A refused stanza is answered as RFC 6120 §8.3.3.18 says, {@code <resource-constraint/>} of type
 * {@code wait}: a message or an IQ request gets the error reply, a presence (a join) gets an error
 * presence from the occupant JID it was sent to, with its {@code <x/>} (XEP-0045 §7.2), and its
 * receipt is acknowledged (it was answered). What must not be answered with an error (an error, an
 * IQ result or error passed back to a requester) and a leave, whose loss would leave a ghost
 * occupant, are not refused: they are let in up to twice {@code max-backlog} (the stash holds twice
 * that, {@link MucSettings}); beyond that they are dropped unacknowledged, so a client's connection
 * sends them again later. Owned by the entity's actor.
 */
final class RoomAdmission {
  /** What happens to a stanza. */
  enum Verdict {
    ADMIT,
    /** Answered with resource-constraint. */
    REFUSE,
    /** Not answerable: dropped unacknowledged (its sender's connection sends it again). */
    DROP
  }

  /** One log line per room at most this often, with the counts since the last one. */
  static final long LOG_EVERY_MILLIS = 10_000;

  private final int limit;
  private final Set<MucRoom.Inbound> held = Collections.newSetFromMap(new IdentityHashMap<>());
  private long refused;
  private long dropped;
  private long refusedLogged;
  private long droppedLogged;
  private long loggedAt = Long.MIN_VALUE;

  RoomAdmission(int limit) {
    this.limit = limit;
  }

  Verdict admit(MucRoom.Inbound in) {
    if (held.contains(in)) {
      return Verdict.ADMIT; // passing again on its way out of a stash
    }
    boolean refusable = refusable(in.stanza());
    if (held.size() < limit || (!refusable && held.size() < 2 * limit)) {
      held.add(in);
      return Verdict.ADMIT;
    }
    if (refusable) {
      refused++;
      return Verdict.REFUSE;
    }
    dropped++;
    return Verdict.DROP;
  }

  /** The command handler took {@code in} (it is no longer waiting in a stash). */
  void taken(MucRoom.Inbound in) {
    held.remove(in);
  }

  /** Stanzas let in and not yet taken. */
  int backlog() {
    return held.size();
  }

  long refused() {
    return refused;
  }

  long dropped() {
    return dropped;
  }

  /**
   * When a summary is due ({@value #LOG_EVERY_MILLIS} ms after the last), the counts since the
   * last one as {refused, dropped}, else empty.
   */
  Optional<long[]> logDue(long nowMillis) {
    if (loggedAt != Long.MIN_VALUE && nowMillis - loggedAt < LOG_EVERY_MILLIS) {
      return Optional.empty();
    }
    loggedAt = nowMillis;
    long[] since = {refused - refusedLogged, dropped - droppedLogged};
    refusedLogged = refused;
    droppedLogged = dropped;
    return Optional.of(since);
  }

  /** Whether {@code stanza} may be refused with an error (RFC 6120 §8.3.1; a leave may not, see above). */
  static boolean refusable(XmlElement stanza) {
    if (stanza.attr("from") == null || !Stanzas.mayBounce(stanza)) {
      return false;
    }
    return !(stanza.name().equals("presence") && "unavailable".equals(stanza.attr("type")));
  }

  /** The refusal of {@code stanza}: resource-constraint, type wait; empty when it may not be answered. */
  static Optional<XmlElement> refusal(XmlElement stanza) {
    if (!refusable(stanza)) {
      return Optional.empty();
    }
    StanzaError error = StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT, "the room is busy; try again")
        .withType(StanzaErrorType.WAIT);
    return Stanzas.errorReply(stanza, error, stanza.name().equals("presence"));
  }
}
