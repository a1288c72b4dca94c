package io.switchboard.sharding.muc;

import io.switchboard.protocol.error.StanzaErrorCondition;

/**
 * What the rooms count for the node's metrics (issue #21), on the node where the room runs:
 * occupants that joined, groupchat messages accepted for everyone, and joins and groupchat
 * messages refused. Called from the room's actor; an implementation must be cheap and thread-safe
 * (many rooms share one). {@link #NONE} counts nothing.
 */
public interface RoomCounts {
  /** What was refused. */
  enum Refused {
    JOIN("join"),
    MESSAGE("message"),
    /** Any other stanza, refused only by the admission check. */
    OTHER("other");

    private final String label;

    Refused(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The reason label of a refusal by the admission check (the room is busy, {@link RoomAdmission}). */
  String BUSY = "busy";

  /** One session entered a room (a new occupant or another session of one). */
  void joined();

  /** One groupchat message with a body was accepted and sent to everyone. */
  void message();

  /**
   * One {@code what} was refused: {@code reason} is {@link #BUSY} or the element name of the
   * {@link StanzaErrorCondition} of the error it was answered with.
   */
  void refused(Refused what, String reason);

  RoomCounts NONE = new RoomCounts() {
    @Override
    public void joined() {}

    @Override
    public void message() {}

    @Override
    public void refused(Refused what, String reason) {}
  };
}
