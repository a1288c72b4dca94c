package io.switchboard.node.c2s;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.switchboard.node.stream.DecodeFailure;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.stream.StreamDecoder;
import io.switchboard.protocol.stream.StreamEvent;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Bytes to {@link StreamEvent}s with the protocol module's async decoder. Events are passed on as
 * they are parsed; a refusal becomes one {@link DecodeFailure} and everything after it is
 * discarded. The next handler may {@link #restart(boolean)} the stream while handling an event
 * (after STARTTLS or SASL success): the rest of the current read is then either dropped (bytes
 * that arrived in plaintext before the TLS handshake must never be trusted) or re-fed to the new
 * stream.
 */
final class StreamEventDecoder extends ChannelInboundHandlerAdapter {
  private final StreamDecoder decoder;
  private boolean failed;
  private boolean restartRequested;
  private boolean discardRest;
  private long lastReadNanos = System.nanoTime();
  /** When the element now partly read began arriving; -1 between elements. */
  private long partialSinceNanos = -1;
  private long partialAfterElements = -1;
  private final ReadPacing pacing;

  StreamEventDecoder(DecoderLimits limits, Set<String> contentNamespaces, ReadPacing pacing) {
    this.decoder = new StreamDecoder(limits, contentNamespaces);
    this.pacing = pacing;
  }

  /** When this connection reads (rate shaping and the session's hold). */
  ReadPacing pacing() {
    return pacing;
  }

  /** Drops the parser until the next read if the stream is between stanzas (see {@link StreamDecoder#hibernate}). */
  void hibernate() {
    decoder.hibernate();
  }

  /**
   * When bytes last arrived from the peer ({@link System#nanoTime()}), whether or not they made an
   * event; now while the session holds reading, and not before the hold's release after it (the
   * client was not silent, it was not read).
   */
  long lastReadNanos() {
    return pacing.held() ? System.nanoTime() : pacing.notBeforeRelease(lastReadNanos);
  }

  /**
   * Since when a first-level element has been partly read ({@link System#nanoTime()}), or -1: a
   * client that sends an element byte by byte is timed from the element's first byte.
   */
  long partialElementSinceNanos() {
    if (partialSinceNanos < 0) {
      return -1;
    }
    // Held mid-element, the rest of it waits in the socket: the deadline counts from the release.
    return pacing.held() ? System.nanoTime() : pacing.notBeforeRelease(partialSinceNanos);
  }

  private void trackPartialElement(long now) {
    if (!decoder.hasPartialElement()) {
      partialSinceNanos = -1;
    } else if (partialSinceNanos < 0 || partialAfterElements != decoder.completedElements()) {
      partialSinceNanos = now;
      partialAfterElements = decoder.completedElements();
    }
  }

  /** Starts a new stream; with {@code discardPending} the rest of the current read is dropped. */
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
    long now = System.nanoTime();
    lastReadNanos = now;
    pacing.read(ctx, buf.readableBytes());
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
      trackPartialElement(now);
    } catch (StreamErrorException e) {
      failed = true;
      partialSinceNanos = -1;
      ctx.fireChannelRead(new DecodeFailure(e.error()));
    } finally {
      buf.release();
    }
  }
}
