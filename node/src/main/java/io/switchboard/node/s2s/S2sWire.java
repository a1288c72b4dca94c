package io.switchboard.node.s2s;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.switchboard.node.net.LingeringClose;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.s2s.OutboundLinks;
import java.util.Map;

/** Writing one jabber:server stream: headers (with the dialback prefix declared), elements, closing. */
final class S2sWire {
  private final Channel channel;
  private boolean headerSent;
  private boolean closed;

  S2sWire(Channel channel) {
    this.channel = channel;
  }

  /** A stream header; {@code id} null on the initiating side. */
  void header(String from, String to, String id, boolean version) {
    headerSent = true;
    write(new StreamHeader(Namespaces.JABBER_SERVER, from, to, id, null, version ? "1.0" : null,
        Map.of("db", Namespaces.DIALBACK)).toXml());
  }

  /** A new stream after STARTTLS or SASL: a fresh header will be sent again. */
  void restarted() {
    headerSent = false;
  }

  /**
   * One first-level element. Dialback elements are written as {@code <db:result/>} and
   * {@code <db:verify/>} with the prefix the header declared: ejabberd (23.01) matches them by
   * that literal name and silently ignores {@code <result xmlns='jabber:server:dialback'/>}.
   */
  ChannelFuture send(XmlElement element) {
    return write(xml(element));
  }

  /** Bytes written on this stream that the peer's socket has not taken yet. */
  long pendingBytes() {
    ChannelOutboundBuffer buffered = channel.unsafe().outboundBuffer();
    return buffered == null ? 0 : buffered.totalPendingWriteBytes();
  }

  /**
   * Writes stanza {@code seq} of a {@code RemoteDomain} entity's queue (as jabber:server) and tells
   * {@code listener} once it is on the socket; writes nothing and answers false when more than
   * {@code maxPending} bytes already wait for a peer that does not read (the caller closes).
   */
  boolean sendQueued(long seq, XmlElement stanza, long maxPending, OutboundLinks.Listener listener) {
    if (pendingBytes() > maxPending) {
      return false;
    }
    send(S2sNamespace.toServer(stanza)).addListener(f -> {
      if (f.isSuccess()) {
        listener.written(seq);
      }
    });
    return true;
  }

  static String xml(XmlElement element) {
    return Namespaces.DIALBACK.equals(element.namespace())
        ? StreamHeader.writePrefixed(element, "db", Namespaces.JABBER_SERVER)
        : StreamHeader.writeTopLevel(element, Namespaces.JABBER_SERVER);
  }

  ChannelFuture write(String xml) {
    return channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), xml));
  }

  /**
   * RFC 6120 §4.9.1: (a header if none was sent yet, from {@code from}), the error, the closing
   * tag, then the TCP connection closes.
   */
  void closeWithError(StreamError error, String from) {
    if (closed) {
      return;
    }
    closed = true;
    StringBuilder sb = new StringBuilder();
    if (!headerSent) {
      sb.append(new StreamHeader(Namespaces.JABBER_SERVER, from, null, null, null, "1.0",
          Map.of("db", Namespaces.DIALBACK)).toXml());
      headerSent = true;
    }
    if (error != null) {
      sb.append(StreamHeader.writeTopLevel(error.toElement(), Namespaces.JABBER_SERVER));
    }
    sb.append(StreamHeader.CLOSE);
    LingeringClose.close(channel, ByteBufUtil.writeUtf8(channel.alloc(), sb.toString()));
  }

  boolean isClosed() {
    return closed;
  }
}
