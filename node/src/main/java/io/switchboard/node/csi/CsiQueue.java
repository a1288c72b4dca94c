package io.switchboard.node.csi;

import io.switchboard.node.stream.StanzaGate;
import io.switchboard.node.csi.CsiSettings.Action;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One inactive stream's gate (XEP-0352): stanzas held in arrival order, presence kept only as the
 * newest per sender (an older one from the same JID is removed where it was), everything released
 * at once when something urgent comes, the queue is full, or the client is active again. Only the
 * stream's {@link io.switchboard.node.stream.ClientSession} calls it, under its lock.
 */
final class CsiQueue implements StanzaGate {
  private final CsiPolicy policy;
  private final int max;
  /** Held stanzas in order; presence keyed by sender, everything else by a running number. */
  private final LinkedHashMap<Object, XmlElement> held = new LinkedHashMap<>();
  /** The user's nickname per room (for mentions), learnt from what passes. */
  private final Map<String, String> nicks = new HashMap<>(2);
  private long next;
  private boolean flushDue;

  CsiQueue(CsiPolicy policy, int max) {
    this.policy = policy;
    this.max = max;
  }

  @Override
  public Verdict admit(XmlElement stanza) {
    Action action = policy.classify(stanza, nicks);
    switch (action) {
      case DROP:
        return Verdict.DROP;
      case QUEUE:
        if (held.size() < max) {
          Object key = stanza.name().equals("presence") && stanza.attr("from") != null
              ? "presence " + stanza.attr("from") : Long.valueOf(next++);
          held.remove(key); // a newer presence replaces the older, in its own place in time
          held.put(key, stanza);
          return Verdict.HOLD;
        }
        return Verdict.WRITE; // full: everything goes, then this one
      default:
        return Verdict.WRITE;
    }
  }

  @Override
  public List<XmlElement> release() {
    List<XmlElement> out = new ArrayList<>(held.values());
    held.clear();
    return out;
  }

  int size() {
    return held.size();
  }
}
