package io.switchboard.node.stream;

import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/**
 * What may hold a bound client's stanzas back before they are written (XEP-0352: an inactive
 * client). The {@link ClientSession} asks it about every stanza under its lock, so what it
 * decides and what is written stay in order. Not thread-safe on its own: only the session calls it.
 */
public interface StanzaGate {

  /** What to do with one stanza. */
  enum Verdict {
    /** Write it now, after what the gate releases first. */
    WRITE,
    /** Hold it: the gate keeps it until it releases. */
    HOLD,
    /** Never write it. */
    DROP
  }

  /** Decides about {@code stanza}; on {@link Verdict#HOLD} the gate has kept it. */
  Verdict admit(XmlElement stanza);

  /** What the gate holds, to be written now, in order; the gate is empty afterwards. */
  List<XmlElement> release();
}
