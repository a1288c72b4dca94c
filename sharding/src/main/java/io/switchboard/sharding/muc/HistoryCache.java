package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.MucJoin;
import io.switchboard.protocol.xml.DelayStamp;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The newest messages of a room, as archived (with their stanza-ids), for the history a session
 * gets when it enters (XEP-0045 §7.2.15). Filled from the archive when the room starts and with
 * each message the room sends afterwards, so it always ends with what the archive holds. Owned by
 * the entity's actor; not thread-safe.
 */
final class HistoryCache {
  /** One message and when the room archived it. */
  record Entry(XmlElement message, Instant stamp) {}

  private final int capacity;
  private final ArrayDeque<Entry> entries;

  HistoryCache(int capacity) {
    this.capacity = capacity;
    this.entries = new ArrayDeque<>(Math.max(1, capacity));
  }

  void add(XmlElement message, Instant stamp) {
    if (capacity == 0) {
      return;
    }
    if (entries.size() == capacity) {
      entries.pollFirst();
    }
    entries.addLast(new Entry(message, stamp));
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  /**
   * The history for an entering session, oldest first, each stamped with XEP-0203 delay (from the
   * room): at most {@code join}'s maxstanzas (or {@code defaultMessages} when it asks nothing), no
   * older than its seconds or since, fitting its maxchars (counted on the XML of each message).
   */
  List<XmlElement> select(MucJoin join, int defaultMessages, Instant now, String room, String to) {
    int max = defaultMessages;
    Instant notBefore = Instant.MIN;
    int maxChars = Integer.MAX_VALUE;
    if (join != null) {
      if (join.maxStanzas() != null) {
        max = Math.min(join.maxStanzas(), capacity);
      }
      if (join.seconds() != null) {
        notBefore = now.minusSeconds(join.seconds());
      }
      if (join.since() != null && join.since().isAfter(notBefore)) {
        notBefore = join.since();
      }
      if (join.maxChars() != null) {
        maxChars = join.maxChars();
      }
    }
    List<XmlElement> picked = new ArrayList<>();
    int chars = 0;
    Iterator<Entry> newestFirst = entries.descendingIterator();
    while (newestFirst.hasNext() && picked.size() < max) {
      Entry e = newestFirst.next();
      if (e.stamp().isBefore(notBefore)) {
        break;
      }
      XmlElement stamped = DelayStamp.of(e.stamp(), room).addTo(e.message().withAttribute("to", to));
      chars += stamped.toXml().length();
      if (chars > maxChars) {
        break;
      }
      picked.add(0, stamped);
    }
    return picked;
  }
}
