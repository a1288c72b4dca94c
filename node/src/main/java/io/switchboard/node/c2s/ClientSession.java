package io.switchboard.node.c2s;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.jxmpp.jid.EntityFullJid;

/**
 * One bound resource as the node sees it: the stream it writes to (absent while a dropped session
 * waits to be resumed) and its XEP-0198 state. Written to from the connection's event loop and
 * from its {@link ConnectionActor}; every method is synchronized so sequence numbers and write
 * order always agree.
 *
 * <p>XEP-0198 counting: {@code inbound} is how many stanzas the client sent (what we answer to
 * its {@code <r/>}); {@code acked} is the client's last {@code h}; {@code unacked} holds what was
 * written since, in order. Counters wrap at 2^32 as the XEP requires.
 */
final class ClientSession {
  private static final long MOD = 1L << 32;

  private final EntityFullJid jid;
  private final int maxUnacked;
  private final int ackRequestEvery;
  private final ArrayDeque<XmlElement> unacked = new ArrayDeque<>();
  private Channel channel;
  private ActorRef<Object> actor;
  private String smId;
  private boolean smEnabled;
  private boolean resumable;
  private long inbound;
  private long acked;
  private int sinceAckRequest;
  private XmlElement lastPresence;
  private boolean rosterRequested;
  private boolean ended;
  /** The closing tag was sent or received: nothing more reaches this client on this stream. */
  private boolean closing;
  private Overflow overflow;

  /** Told when unacknowledged stanzas exceed the limit; the session must then end. */
  interface Overflow {
    void overflowed(ClientSession session);
  }

  ClientSession(EntityFullJid jid, Channel channel, int maxUnacked, int ackRequestEvery) {
    this.jid = jid;
    this.channel = channel;
    this.maxUnacked = maxUnacked;
    this.ackRequestEvery = ackRequestEvery;
  }

  EntityFullJid jid() {
    return jid;
  }

  synchronized void attachActor(ActorRef<Object> actor, Overflow overflow) {
    this.actor = actor;
    this.overflow = overflow;
  }

  synchronized ActorRef<Object> actor() {
    return actor;
  }

  /**
   * Writes a stanza to the client, counting it for XEP-0198. Returns false when the session has
   * ended, so the caller can route the stanza elsewhere.
   */
  boolean deliver(XmlElement stanza) {
    XmlElement out = ClientNamespace.toClient(stanza);
    boolean overflowed;
    synchronized (this) {
      if (ended || (closing && channel != null)) {
        return false;
      }
      if (smEnabled) {
        unacked.addLast(out);
      }
      if (channel != null) {
        write(channel, StreamHeader.writeTopLevel(out, Namespaces.JABBER_CLIENT));
        if (smEnabled && ++sinceAckRequest >= ackRequestEvery) {
          sinceAckRequest = 0;
          write(channel, "<r xmlns='" + Namespaces.STREAM_MANAGEMENT + "'/>");
        }
      }
      overflowed = smEnabled && unacked.size() > maxUnacked;
    }
    if (overflowed && overflow != null) {
      overflow.overflowed(this);
    }
    return true;
  }

  /** Writes something that is not a counted stanza (acks, stream management, errors). */
  synchronized void writeRaw(String xml) {
    if (channel != null) {
      write(channel, xml);
    }
  }

  private static void write(Channel ch, String xml) {
    ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), xml), ch.voidPromise());
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

  /** One more stanza received from the client. */
  synchronized void countInbound() {
    if (smEnabled) {
      inbound = (inbound + 1) % MOD;
    }
  }

  synchronized long inboundCount() {
    return inbound;
  }

  /**
   * The client acknowledged up to {@code h}. Returns false when {@code h} acknowledges more than
   * was sent (XEP-0198 §4: the stream is then closed with undefined-condition).
   */
  synchronized boolean acknowledge(long h) {
    long newly = Math.floorMod(h - acked, MOD);
    if (newly > unacked.size()) {
      return false;
    }
    for (long i = 0; i < newly; i++) {
      unacked.removeFirst();
    }
    acked = h % MOD;
    return true;
  }

  /** The last available presence the client broadcast, and whether it asked for the roster. */
  synchronized void observeOutbound(XmlElement stanza) {
    if (stanza.name().equals("presence") && stanza.attr("to") == null) {
      String type = stanza.attr("type");
      if (type == null) {
        lastPresence = stanza;
      } else if (type.equals("unavailable")) {
        lastPresence = null;
      }
    } else if (stanza.name().equals("iq")
        && "get".equals(stanza.attr("type"))
        && stanza.child("query", Namespaces.ROSTER).isPresent()) {
      rosterRequested = true;
    }
  }

  synchronized XmlElement lastPresence() {
    return lastPresence;
  }

  synchronized boolean rosterRequested() {
    return rosterRequested;
  }

  /** The socket is gone but the session may be resumed; stanzas queue up meanwhile. */
  synchronized void detach() {
    channel = null;
  }

  /**
   * A new stream resumes this session: acknowledge up to {@code h}, write {@code resumedXml}
   * (the {@code <resumed/>} answer), then re-send what is still unacknowledged. Returns false when {@code h} is impossible.
   */
  synchronized boolean resume(Channel newChannel, long h, String resumedXml) {
    if (ended || !acknowledge(h)) {
      return false;
    }
    channel = newChannel;
    closing = false;
    write(newChannel, resumedXml);
    for (XmlElement stanza : unacked) {
      write(newChannel, StreamHeader.writeTopLevel(stanza, Namespaces.JABBER_CLIENT));
    }
    sinceAckRequest = 0;
    if (!unacked.isEmpty()) {
      write(newChannel, "<r xmlns='" + Namespaces.STREAM_MANAGEMENT + "'/>");
    }
    return true;
  }

  /** Ends the session for good; returns what the client never acknowledged. */
  synchronized List<XmlElement> end() {
    ended = true;
    channel = null;
    List<XmlElement> left = new ArrayList<>(unacked);
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
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      ch.writeAndFlush(
              ByteBufUtil.writeUtf8(
                  ch.alloc(),
                  StreamHeader.writeTopLevel(StreamError.of(condition, text).toElement(), Namespaces.JABBER_CLIENT)
                      + StreamHeader.CLOSE))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
