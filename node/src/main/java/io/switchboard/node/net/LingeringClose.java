package io.switchboard.node.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ends an XML stream over TCP so that its last words are read (RFC 6120 §4.4, §4.9.1). Closing a
 * socket whose receive buffer still holds unread bytes makes the kernel answer with a reset, and a
 * peer that is still writing (the rest of an oversized stanza, say) gets the reset before it reads
 * the stream error. So: stop parsing at once (TLS itself keeps reading), write the error and the closing tag, send TLS
 * {@code close_notify}, shut down the output (the peer reads EOF after the closing tag), and read
 * and discard what still comes until the peer closes, {@link #LINGER} passes or
 * {@link #MAX_DISCARDED} bytes were thrown away, whichever is first. A peer that does not read
 * never takes the last bytes (nor what waits before them), so that write never completes: the
 * connection closes anyway when it is still unwritten after {@link #LINGER}.
 */
public final class LingeringClose {
  /** How long a closed stream keeps reading to let its peer see the end. */
  public static final Duration LINGER = Duration.ofSeconds(2);
  /** What a closed stream reads and discards at most before it closes anyway. */
  public static final long MAX_DISCARDED = 1L << 20;

  private static final String HANDLER = "lingering-close";

  private LingeringClose() {
  }

  /**
   * Writes {@code last} (the stream's final bytes) and closes {@code channel} the lingering way.
   * Nothing read after this runs reaches the pipeline's handlers. Off the channel's event loop it
   * runs there, after what is already queued; a second call on the same channel writes nothing.
   */
  public static void close(Channel channel, ByteBuf last) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> close(channel, last));
      return;
    }
    if (channel.pipeline().get(HANDLER) != null) {
      ReferenceCountUtil.release(last); // already closing: the first call's close stands
      return;
    }
    // Behind TLS, if any: a handshake still under way must finish (a refusal written before it
    // goes out after it), and the peer's close_notify must be read; what TLS decrypts is dropped.
    ChannelHandlerContext tlsContext = channel.pipeline().context(SslHandler.class);
    if (tlsContext == null) {
      channel.pipeline().addFirst(HANDLER, new Discard());
    } else {
      channel.pipeline().addAfter(tlsContext.name(), HANDLER, new Discard());
    }
    channel.config().setAutoRead(true);
    ScheduledFuture<?> unwritten = channel.eventLoop().schedule(() -> channel.close(), LINGER.toNanos(),
        TimeUnit.NANOSECONDS);
    channel.writeAndFlush(last).addListener(written -> {
      unwritten.cancel(false);
      if (!written.isSuccess() || !channel.isActive()) {
        channel.close();
        return;
      }
      channel.eventLoop().schedule(() -> channel.close(), LINGER.toNanos(), TimeUnit.NANOSECONDS);
      SslHandler tls = channel.pipeline().get(SslHandler.class);
      if (tls == null) {
        shutdownOutput(channel);
      } else {
        tls.closeOutbound().addListener(notified -> shutdownOutput(channel));
      }
    });
  }

  private static void shutdownOutput(Channel channel) {
    if (channel instanceof DuplexChannel duplex && channel.isActive()) {
      duplex.shutdownOutput();
    } else {
      channel.close();
    }
  }

  /** First in the pipeline, or right behind TLS: reads everything, passes nothing on, closes past the byte bound. */
  private static final class Discard extends ChannelInboundHandlerAdapter {
    private long discarded;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf) {
        discarded += buf.readableBytes();
      }
      ReferenceCountUtil.release(msg);
      if (discarded > MAX_DISCARDED) {
        ctx.close();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      // nothing to pass on: the handlers behind read nothing more
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      ReferenceCountUtil.release(evt);
      if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
        ctx.close(); // the peer is done writing (half-closure, or its close_notify): nothing left to wait for
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a reset from the peer while lingering: nothing left to say
    }
  }
}
