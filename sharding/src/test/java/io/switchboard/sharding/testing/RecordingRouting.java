package io.switchboard.sharding.testing;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records routed stanzas. */
public final class RecordingRouting implements StanzaRouting {
  private final LinkedBlockingQueue<XmlElement> routed = new LinkedBlockingQueue<>();

  @Override
  public void route(XmlElement stanza) {
    routed.add(stanza);
  }

  /** The next routed stanza, waiting up to 3 s; fails when none comes. */
  public XmlElement next() {
    try {
      XmlElement e = routed.poll(3, TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("nothing was routed");
      }
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Everything routed so far, removing it. */
  public List<XmlElement> drain() {
    List<XmlElement> out = new ArrayList<>();
    routed.drainTo(out);
    return out;
  }
}
