package io.switchboard.node.stream;

import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.sm.AckRequest;
import io.switchboard.protocol.util.RecentSet;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Receipt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.jxmpp.jid.EntityFullJid;

/**
 * One bound resource as the node sees it: the stream it writes to (a {@link StanzaSink}, whatever
 * the transport) and its XEP-0198 state. Written to from the stream's thread and from its
 * {@link ConnectionActor}; every method is synchronized so sequence numbers and write order always
 * agree.
 *
 * <p>XEP-0198 counting: {@code acked} is the client's last {@code h}; {@code unacked} holds what
 * was written since, in order. Counters wrap at 2^32 as the XEP requires. (How many stanzas of
 * the client were handled is the {@link ConnectionActor}'s business: it knows what the cluster
 * took.) With resumption on, the {@link Receipt} of a delivered message is held until the client
 * acknowledges the message, so a sender re-sends it if this node dies first; a re-sent copy that
 * is still unacknowledged here is not written twice.
 *
 * <p>A session is <em>resuming</em> (no stream yet, deliveries queue) between its creation for a
 * {@code <resume/>} and {@link #resume}, and <em>parked</em> after its stream dropped
 * ({@link #park}): then it refuses deliveries, which go through the user's entity to offline
 * storage instead.
 */
public final class ClientSession {
  private static final long MOD = 1L << 32;

  private final EntityFullJid jid;
  private final int maxUnacked;
  private final int ackRequestEvery;
  // Small at first (an idle session holds nothing unacknowledged); it grows as stanzas wait.
  private final ArrayDeque<Sent> unacked = new ArrayDeque<>(1);
  /**
   * Receipts of messages this client already has (written, and acknowledged where held): a copy
   * that a sender's connection re-sent after a failover is not written again.
   */
  private final java.util.Set<Receipt> recentlyDone = RecentSet.of(512);
  /** When a receipt was last added to {@link #recentlyDone} ({@link System#nanoTime()}). */
  private long lastDoneNanos;
  private StanzaSink sink;
  /**
   * The client's stanzas handed to the cluster and not yet acknowledged, and whether reading from
   * the client is held for them (see {@link #handedToCluster}); the hold is kept across a XEP-0198
   * resumption onto a new connection.
   */
  private volatile int inFlight;
  private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<ClientSession> IN_FLIGHT =
      java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(ClientSession.class, "inFlight");
  private boolean readsHeld;
  private long readsReleasedAt;
  private ActorRef<Object> actor;
  private String smId;
  private boolean smEnabled;
  private boolean resumable;
  private long acked;
  private int sinceAckRequest;
  private boolean ackRequested;
  private long ackRequestedAt;
  private boolean parked;
  /** What the user's entity last recorded of this resource, handed back when it re-attaches. */
  private io.switchboard.sharding.session.ResourceRecord record = io.switchboard.sharding.session.ResourceRecord.NONE;
  private boolean ended;
  /** The closing tag was sent or received: nothing more reaches this client on this stream. */
  private boolean closing;
  private Overflow overflow;
  private WriteFailed writeFailed;
  /** What holds stanzas back before they are written (XEP-0352), or null. */
  private StanzaGate gate;

  /** Told when unacknowledged stanzas exceed the limit; the session must then end. */
  interface Overflow {
    void overflowed(ClientSession session);
  }

  /**
   * Told when a stanza whose receipt waited on the write could not be written (the socket closed
   * under it): the stanza must go elsewhere with its receipt. Called on the event loop.
   */
  interface WriteFailed {
    void failed(ClientSession session, XmlElement stanza, Receipt receipt);
  }

  /** A stanza written to the client and the receipt held until the client acknowledges it. */
  record Sent(XmlElement stanza, Receipt receipt) {}

  /** What a parked session hands to its entity: the client's count and what it did not ack. */
  record Parked(long ackedBase, List<XmlElement> unacked, List<Receipt> receipts) {}

  /**
   * A session created to resume {@code smId} on a new stream: stream management on, counting
   * from the client's {@code clientH}; deliveries queue until {@link #resume}.
   */
  static ClientSession resuming(EntityFullJid jid, int maxUnacked, int ackRequestEvery,
      String smId, long clientH) {
    ClientSession s = new ClientSession(jid, (StanzaSink) null, maxUnacked, ackRequestEvery);
    s.smEnabled = true;
    s.resumable = true;
    s.smId = smId;
    s.acked = clientH % MOD;
    return s;
  }

  ClientSession(EntityFullJid jid, StanzaSink sink, int maxUnacked, int ackRequestEvery) {
    this.jid = jid;
    this.sink = sink;
    this.maxUnacked = maxUnacked;
    this.ackRequestEvery = ackRequestEvery;
  }

  EntityFullJid jid() {
    return jid;
  }

  synchronized void attachActor(ActorRef<Object> actor, Overflow overflow, WriteFailed writeFailed) {
    this.actor = actor;
    this.overflow = overflow;
    this.writeFailed = writeFailed;
  }

  synchronized ActorRef<Object> actor() {
    return actor;
  }

  /** Writes a stanza nobody waits for (see {@link #deliver(XmlElement, Receipt)}). */
  boolean deliver(XmlElement stanza) {
    return deliver(stanza, null);
  }

  /**
   * Writes a stanza to the client, counting it for XEP-0198, and takes care of {@code receipt}:
   * acknowledged once the bytes are in the socket, or with resumption on, once the client
   * acknowledged the stanza. Returns false when the session cannot take it (ended, closing or
   * parked), so the caller routes the stanza elsewhere with its receipt; a write that fails later
   * goes to {@link WriteFailed}.
   */
  boolean deliver(XmlElement stanza, Receipt receipt) {
    boolean overflowed;
    synchronized (this) {
      if (ended || parked || (closing && sink != null)) {
        return false;
      }
      boolean hold = resumable && receipt != null;
      if (hold && holds(receipt)) {
        return true; // the sender re-sent it; the client has it and has not acknowledged yet
      }
      if (receipt != null && recentlyDone.contains(receipt)) {
        receipt.ack(); // the sender re-sent what this client already has
        return true;
      }
      if (gate != null && sink != null) {
        StanzaGate.Verdict verdict = gate.admit(stanza);
        if (verdict != StanzaGate.Verdict.WRITE) {
          // Held or dropped here by the client's own wish: the sender's part is done.
          if (receipt != null) {
            rememberDone(receipt);
            receipt.ack();
          }
          return true;
        }
        writeReleased();
      }
      XmlElement out = ClientNamespace.toClient(stanza);
      if (smEnabled) {
        unacked.addLast(new Sent(out, hold ? receipt : null));
      }
      boolean ackOnWrite = receipt != null && !hold;
      if (ackOnWrite) {
        rememberDone(receipt);
      }
      if (sink != null) {
        if (ackOnWrite) {
          writeThenAck(sink, out, stanza, receipt);
        } else {
          sink.send(out);
        }
        requestAckIfDue();
      } else if (ackOnWrite) {
        receipt.ack();
      }
      overflowed = smEnabled && unacked.size() > maxUnacked;
    }
    if (overflowed && overflow != null) {
      overflow.overflowed(this);
    }
    return true;
  }

  /** Sets (or, with null, removes) the gate; what a removed gate held is written first. */
  public synchronized void gate(StanzaGate newGate) {
    if (gate != null && newGate != gate) {
      writeReleased();
    }
    gate = newGate;
  }

  public synchronized StanzaGate gate() {
    return gate;
  }

  /** Writes what the gate holds now (XEP-0352 {@code <active/>}), counted for XEP-0198. */
  synchronized void releaseGate() {
    writeReleased();
  }

  /** Writes what the gate releases; the caller holds the lock. */
  private void writeReleased() {
    if (gate == null || sink == null) {
      return;
    }
    for (XmlElement stanza : gate.release()) {
      XmlElement out = ClientNamespace.toClient(stanza);
      if (smEnabled) {
        unacked.addLast(new Sent(out, null));
      }
      sink.send(out);
      requestAckIfDue();
    }
  }

  /** What the gate still holds, taken out of it (the stream is gone), as never-written stanzas. */
  private List<Sent> takeHeld() {
    if (gate == null) {
      return List.of();
    }
    List<Sent> held = new ArrayList<>();
    for (XmlElement stanza : gate.release()) {
      held.add(new Sent(ClientNamespace.toClient(stanza), null));
    }
    gate = null;
    return held;
  }

  private boolean holds(Receipt receipt) {
    for (Sent s : unacked) {
      if (receipt.equals(s.receipt())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Asks the client for an acknowledgement: with resumption on as soon as something is
   * unacknowledged and no request is outstanding (held receipts keep senders waiting), otherwise
   * every {@code ackRequestEvery} stanzas.
   */
  private void requestAckIfDue() {
    if (!smEnabled || sink == null) {
      return;
    }
    boolean due = resumable ? !ackRequested && !unacked.isEmpty() : ++sinceAckRequest >= ackRequestEvery;
    if (due) {
      sinceAckRequest = 0;
      ackRequested = true;
      ackRequestedAt = System.nanoTime();
      sink.send(AckRequest.ELEMENT_INSTANCE);
    }
  }

  /** Writes something that is not a counted stanza (acks, stream management answers). */
  synchronized void writeNonza(XmlElement element) {
    if (sink != null) {
      sink.send(element);
    }
  }

  /**
   * Acknowledges {@code receipt} when the write succeeded; otherwise (the socket closed first)
   * the stanza goes back to {@link WriteFailed}, so a sender's message is never acknowledged
   * for bytes that never left.
   */
  private void writeThenAck(StanzaSink to, XmlElement out, XmlElement stanza, Receipt receipt) {
    to.send(out, written -> {
      if (written) {
        receipt.ack();
        return;
      }
      WriteFailed onFailure;
      synchronized (this) {
        recentlyDone.remove(receipt);
        onFailure = writeFailed;
      }
      if (onFailure != null) {
        onFailure.failed(this, stanza, receipt);
      }
    });
  }

  synchronized void enableStreamManagement(String id, boolean resume) {
    smEnabled = true;
    smId = id;
    resumable = resume;
  }

  synchronized boolean streamManagementEnabled() {
    return smEnabled;
  }

  synchronized boolean resumable() {
    return resumable && !ended;
  }

  synchronized String smId() {
    return smId;
  }

  /**
   * The client acknowledged up to {@code h}: the receipts held for those stanzas are
   * acknowledged. Returns false when {@code h} acknowledges more than was sent (XEP-0198 §4: the
   * stream is then closed with undefined-condition).
   */
  boolean acknowledge(long h) {
    List<Receipt> done = new ArrayList<>();
    synchronized (this) {
      long newly = Math.floorMod(h - acked, MOD);
      if (newly > unacked.size()) {
        return false;
      }
      for (long i = 0; i < newly; i++) {
        Receipt r = unacked.removeFirst().receipt();
        if (r != null) {
          done.add(r);
          rememberDone(r);
        }
      }
      acked = h % MOD;
      ackRequested = false;
      requestAckIfDue();
    }
    done.forEach(r -> r.ack());
    return true;
  }

  /** The entity recorded the resource's session state (see {@link io.switchboard.sharding.session.ResourceRecord}). */
  synchronized void recorded(io.switchboard.sharding.session.ResourceRecord newRecord) {
    record = newRecord;
  }

  /** The last record the entity sent; {@code ResourceRecord.NONE} before the first. */
  synchronized io.switchboard.sharding.session.ResourceRecord record() {
    return record;
  }

  /**
   * The socket is gone but the session may be resumed (on any node): from now on deliveries are
   * refused, and what the client did not acknowledge is handed over, for the entity to keep.
   */
  synchronized Parked park() {
    List<Sent> held = takeHeld(); // never written: the client gets them after it resumes
    sink = null;
    parked = true;
    List<XmlElement> stanzas = new ArrayList<>(unacked.size() + held.size());
    List<Receipt> receipts = new ArrayList<>(unacked.size() + held.size());
    unacked.addAll(held);
    for (Sent s : unacked) {
      stanzas.add(s.stanza());
      receipts.add(s.receipt());
    }
    unacked.clear();
    return new Parked(acked, stanzas, receipts);
  }

  /** Records a receipt as done (see {@link #recentlyDone}); the caller holds the lock. */
  private void rememberDone(Receipt receipt) {
    recentlyDone.add(receipt);
    lastDoneNanos = System.nanoTime();
  }

  /**
   * Forgets the receipts of what this client already has once nothing new was added for
   * {@code quietNanos}. A sender re-sends a copy only until it is acknowledged (probing every
   * {@code resend-after}, at most {@code linger} after its own stream ended), so after a quiet
   * spell well beyond that the set guards nothing, and on an idle session it was ~0.25 KB (its
   * map, table, entries and receipts).
   */
  synchronized void forgetDoneIfQuiet(long now, long quietNanos) {
    if (!recentlyDone.isEmpty() && now - lastDoneNanos > quietNanos) {
      recentlyDone.clear();
    }
  }

  /**
   * With resumption on: an ack request has waited more than {@code timeoutNanos} while stanzas
   * are unacknowledged (their senders' receipts wait on this client).
   */
  synchronized boolean ackOverdue(long now, long timeoutNanos) {
    return resumable && ackRequested && sink != null && !closing && !unacked.isEmpty()
        && now - ackRequestedAt > timeoutNanos;
  }

  synchronized boolean isParked() {
    return parked;
  }

  /**
   * The new stream of a {@link #resuming} session: writes {@code resumedXml} (the
   * {@code <resumed/>} answer), then {@code replay} (what the client had not received when its
   * old stream dropped), then what was delivered meanwhile, and asks for an acknowledgement.
   */
  synchronized boolean resume(StanzaSink newSink, XmlElement resumed, List<XmlElement> replay) {
    if (ended) {
      return false;
    }
    List<Sent> queued = new ArrayList<>(unacked);
    unacked.clear();
    for (XmlElement stanza : replay) {
      unacked.addLast(new Sent(stanza, null));
    }
    unacked.addAll(queued);
    sink = newSink;
    closing = false;
    if (readsHeld) {
      newSink.holdReads(true);
    }
    newSink.send(resumed);
    for (Sent sent : unacked) {
      newSink.send(sent.stanza());
    }
    ackRequested = false;
    sinceAckRequest = 0;
    requestAckIfDue();
    return true;
  }

  /**
   * The stream handed one more of the client's stanzas to the cluster (through the connection
   * actor). Called on the stream's thread, so at {@code maxInFlight} unacknowledged reading is
   * held before the next stanza is parsed (TCP: the rest of the read waits parked; WebSocket: one
   * message is one stanza).
   */
  void handedToCluster(int maxInFlight) {
    if (IN_FLIGHT.incrementAndGet(this) >= maxInFlight) {
      holdOrRelease(maxInFlight);
    }
  }

  /**
   * The cluster acknowledged {@code n} of the client's stanzas (called by the connection actor);
   * at half of {@code maxInFlight} a hold is released.
   */
  void acknowledgedByCluster(int n, int maxInFlight) {
    if (IN_FLIGHT.addAndGet(this, -n) <= maxInFlight / 2 && readsHeld) {
      holdOrRelease(maxInFlight);
    }
  }

  /** The decision, under the lock against the other thread's: the count as it is now. */
  private synchronized void holdOrRelease(int maxInFlight) {
    int now = inFlight;
    boolean hold = readsHeld ? now > maxInFlight / 2 : now >= maxInFlight;
    if (hold == readsHeld) {
      return;
    }
    readsHeld = hold;
    if (!hold) {
      readsReleasedAt = System.nanoTime();
    }
    if (sink != null) {
      sink.holdReads(hold);
    }
  }

  /** Whether reading from the client is held now (see {@link #handedToCluster}). */
  synchronized boolean readsHeld() {
    return readsHeld;
  }

  /** When a hold was last released ({@link System#nanoTime()}), or 0. */
  synchronized long readsReleasedAt() {
    return readsReleasedAt;
  }

  /** Ends the session for good; returns what the client never acknowledged, with receipts. */
  synchronized List<Sent> end() {
    List<Sent> held = takeHeld();
    ended = true;
    sink = null;
    List<Sent> left = new ArrayList<>(unacked);
    left.addAll(held);
    unacked.clear();
    return left;
  }

  /**
   * The stream is closing (a stream error or the closing tag went out, or the client closed):
   * from now on {@link #deliver} refuses, so a message is routed elsewhere (another resource or
   * offline storage) instead of being written after the closing tag, where no client reads it.
   */
  synchronized void closing() {
    closing = true;
  }

  synchronized boolean ended() {
    return ended;
  }

  /** Closes the stream with a stream error (the session itself is ended by the close handler). */
  synchronized void closeWith(StreamErrorCondition condition, String text) {
    closing = true;
    StanzaSink s = sink;
    if (s != null && s.isOpen()) {
      s.closeStream(StreamError.of(condition, text));
    }
  }
}
