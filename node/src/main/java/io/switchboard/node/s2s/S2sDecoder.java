package io.switchboard.node.s2s;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Bytes to stream events for a jabber:server stream, with the protocol module's async decoder. A
 * refusal (size, depth, restricted XML, another namespace) becomes one {@link Failure}; after it
 * nothing more is parsed. The stream handler {@link #restart restarts} the stream after STARTTLS
 * (the rest of that read is dropped: it came in plaintext) and after SASL (the rest is parsed as
 * the new stream).
 */
final class S2sDecoder extends ChannelInboundHandlerAdapter {
  /** The stream must end with this error (RFC 6120 §4.9). */
  record Failure(StreamError error) {}

  private final StreamDecoder decoder;
  private boolean failed;
  private boolean restartRequested;
  private boolean discardRest;

  S2sDecoder(DecoderLimits limits) {
    this.decoder = new StreamDecoder(limits, Set.of(Namespaces.JABBER_SERVER));
  }

  void restart(boolean discardPending) {
    decoder.restart();
    restartRequested = true;
    discardRest = discardPending;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (failed) {
        return;
      }
      ByteBuffer in = buf.nioBuffer();
      while (in.hasRemaining() && !failed) {
        restartRequested = false;
        int left = decoder.feed(in, ctx::fireChannelRead);
        if (!restartRequested || discardRest || left == 0) {
          break;
        }
        in.position(in.limit() - left);
      }
    } catch (StreamErrorException e) {
      failed = true;
      ctx.fireChannelRead(new Failure(e.error()));
    } finally {
      buf.release();
    }
  }
}
