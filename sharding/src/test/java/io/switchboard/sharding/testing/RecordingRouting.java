package io.switchboard.sharding.testing;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records routed stanzas. Receipts are acknowledged at once, as the router does for a stanza it
 * cannot hand further, unless {@link #holdReceipts} was called: then they wait for
 * {@link #releaseReceipts}, as when the recipient's entity has not handled the stanza yet.
 */
public final class RecordingRouting implements StanzaRouting {
  private final LinkedBlockingQueue<XmlElement> routed = new LinkedBlockingQueue<>();
  private final List<Receipt> held = new ArrayList<>();
  private boolean holding;

  @Override
  public void route(XmlElement stanza) {
    routed.add(stanza);
  }

  @Override
  public void route(XmlElement stanza, Receipt receipt) {
    routed.add(stanza);
    synchronized (held) {
      if (holding && receipt != null) {
        held.add(receipt);
        return;
      }
    }
    Receipt.ack(receipt);
  }

  /** From now on receipts wait for {@link #releaseReceipts}. */
  public void holdReceipts() {
    synchronized (held) {
      holding = true;
    }
  }

  /** Acknowledges the receipts held so far; returns how many there were. */
  public int releaseReceipts() {
    List<Receipt> out;
    synchronized (held) {
      out = new ArrayList<>(held);
      held.clear();
    }
    out.forEach(r -> r.ack());
    return out.size();
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
