package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records routed stanzas; like the shared RecordingRouting, with a configurable wait. */
final class QueueRouting implements StanzaRouting {
  private final LinkedBlockingQueue<XmlElement> routed = new LinkedBlockingQueue<>();

  @Override
  public void route(XmlElement stanza) {
    routed.add(stanza);
  }

  XmlElement next() {
    return next(Duration.ofSeconds(10));
  }

  /** The next routed stanza, waiting up to {@code wait}; fails when none comes. */
  XmlElement next(Duration wait) {
    try {
      XmlElement e = routed.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new AssertionError("nothing was routed");
      }
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  List<XmlElement> drain() {
    List<XmlElement> out = new ArrayList<>();
    routed.drainTo(out);
    return out;
  }
}
