package io.switchboard.node.component;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import java.util.Set;

/**
 * Bytes to stream events with the protocol module's async decoder, accepting only the
 * jabber:component:accept content namespace. A refusal (size, depth, restricted XML, bad
 * namespace) becomes one {@link Failure}; everything after it is discarded. A component stream is
 * never restarted (no STARTTLS, no SASL), so this is simpler than the c2s decoder.
 */
final class ComponentDecoder extends ChannelInboundHandlerAdapter {
  /** The stream must end with this error (RFC 6120 §4.9). */
  record Failure(StreamError error) {}

  private final StreamDecoder decoder;
  private boolean failed;

  ComponentDecoder(DecoderLimits limits) {
    this.decoder = new StreamDecoder(limits, Set.of(Namespaces.COMPONENT_ACCEPT));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (!failed) {
        decoder.feed(buf.nioBuffer(), ctx::fireChannelRead);
      }
    } catch (StreamErrorException e) {
      failed = true;
      ctx.fireChannelRead(new Failure(e.error()));
    } finally {
      buf.release();
    }
  }
}
