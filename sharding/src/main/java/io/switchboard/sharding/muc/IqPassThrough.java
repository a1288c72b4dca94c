package io.switchboard.sharding.muc;

import io.switchboard.protocol.xml.XmlElement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * IQs passed between occupants (XEP-0045 §7.5, §17.3): the request goes to the target's real JID
 * from the requester's occupant JID, with an id of the room's own; the answer comes back to that
 * occupant JID and is passed to the requester with its original id, from the target's occupant
 * JID. The room remembers the last {@code capacity} requests in memory (a restart forgets them;
 * their answers are dropped and the requester times out). Owned by the entity's actor.
 */
final class IqPassThrough {
  private record Pending(String requester, String originalId, String targetOccupant, String target) {}

  private final int capacity;
  private final Map<String, Pending> pending;
  private long next;

  IqPassThrough(int capacity) {
    this.capacity = capacity;
    this.pending = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
        return size() > IqPassThrough.this.capacity;
      }
    };
  }

  /** The request as the room sends it to {@code target}. */
  XmlElement forward(XmlElement iq, String target, String asOccupant) {
    String id = "muc-" + Long.toString(++next, 36) + "-" + Integer.toHexString(System.identityHashCode(this));
    pending.put(id, new Pending(iq.attr("from"), iq.attr("id"), iq.attr("to"), target));
    return iq.withAttribute("id", id).withAttribute("from", asOccupant).withAttribute("to", target);
  }

  /** The answer to pass back to the requester, if {@code answer} answers a request passed on. */
  Optional<XmlElement> answer(XmlElement answer) {
    String id = answer.attr("id");
    Pending p = id == null ? null : pending.get(id);
    if (p == null || !sameBare(p.target(), answer.attr("from"))) {
      return Optional.empty();
    }
    pending.remove(id);
    XmlElement back = answer.withAttribute("to", p.requester()).withAttribute("from", p.targetOccupant());
    return Optional.of(p.originalId() == null ? back.withoutAttribute("id") : back.withAttribute("id", p.originalId()));
  }

  private static boolean sameBare(String target, String from) {
    if (from == null) {
      return false;
    }
    int slash = target.indexOf('/');
    String targetBare = slash < 0 ? target : target.substring(0, slash);
    return from.equals(target) || from.startsWith(targetBare + "/") || from.equals(targetBare);
  }
}
