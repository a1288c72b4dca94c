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
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Bytes to {@link StreamEvent}s with the protocol module's async decoder. Events are passed on as
 * they are parsed; a refusal becomes one {@link DecodeFailure} and everything after it is
 * discarded. The next handler may {@link #restart(boolean)} the stream while handling an event
 * (after STARTTLS or SASL success): the rest of the current read is then either dropped (bytes
 * that arrived in plaintext before the TLS handshake must never be trusted) or re-fed to the new
 * stream.
 *
 * <p>When the session holds reading ({@link ReadPacing#held()}, {@code switchboard.c2s.max-in-flight})
 * while an event is handled, parsing stops after that event: the rest of the read (one socket read
 * carries a few hundred small stanzas) is parked here, with whatever else arrives before the
 * release, and parsed first when the session releases the hold ({@link #hold}); only then is the
 * socket read again. So a client is never handed on more than {@code max-in-flight} stanzas.
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
  /** Bytes read but not parsed because the session held reading mid-read; null when none. */
  private byte[] parked;
  /** The decoder's sink: each event to the next handler, then a stop if that held reading. */
  private final Consumer<StreamEvent> toNext;
  private ChannelHandlerContext ctx;

  StreamEventDecoder(DecoderLimits limits, Set<String> contentNamespaces, ReadPacing pacing) {
    this.decoder = new StreamDecoder(limits, contentNamespaces);
    this.pacing = pacing;
    this.toNext = event -> {
      ctx.fireChannelRead(event);
      if (pacing.held()) {
        decoder.pause();
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The session holds ({@code true}) or releases reading, on the event loop. A release first
   * parses what a held read left parked; the socket is read again only if that did not hold anew.
   */
  void hold(ChannelHandlerContext ctx, boolean hold) {
    pacing.hold(ctx, hold);
    if (!hold && parked != null && !pacing.held()) {
      decodeParked(System.nanoTime());
    }
  }

  /** How many bytes wait parked for the hold's release (for tests and metrics). */
  int parkedBytes() {
    return parked == null ? 0 : parked.length;
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
      if (parked != null) {
        park(buf.nioBuffer()); // the rest of a read loop, or of a TLS record, after a hold
        if (!pacing.held()) {
          decodeParked(now); // released meanwhile (a release parses what is parked at once)
        }
        return;
      }
      decode(buf.nioBuffer(), now);
    } finally {
      buf.release();
    }
  }

  private void decode(ByteBuffer in, long now) {
    try {
      while (in.hasRemaining() && !failed) {
        restartRequested = false;
        int left = decoder.feed(in, toNext);
        if (left == 0) {
          break;
        }
        if (!restartRequested) {
          if (!decoder.isStreamClosed()) {
            park(in); // the session held reading: the rest waits for the release
          }
          break;
        }
        if (discardRest) {
          break;
        }
        in.position(in.limit() - left);
      }
      trackPartialElement(now);
    } catch (StreamErrorException e) {
      failed = true;
      parked = null;
      partialSinceNanos = -1;
      ctx.fireChannelRead(new DecodeFailure(e.error()));
    }
  }

  private void decodeParked(long now) {
    byte[] bytes = parked;
    parked = null;
    decode(ByteBuffer.wrap(bytes), now);
  }

  private void park(ByteBuffer in) {
    int old = parked == null ? 0 : parked.length;
    byte[] grown = parked == null ? new byte[in.remaining()] : Arrays.copyOf(parked, old + in.remaining());
    in.get(grown, old, in.remaining());
    parked = grown;
  }
}
