package io.switchboard.node.c2s;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.switchboard.node.net.LingeringClose;
import io.switchboard.node.stream.StreamMetrics;
import io.switchboard.node.stream.StreamTransport;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.sasl.ChannelBindings;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client stream over one TCP connection (RFC 6120): the stream header and closing tag frame the
 * stream, first-level elements are written as they are, STARTTLS puts Netty's TLS handler at the
 * head of the pipeline. The stream's thread is the channel's event loop.
 */
final class NettyTransport implements StreamTransport {
  private final ChannelHandlerContext ctx;
  private final Channel channel;
  private final StreamEventDecoder decoder;
  private final ServerTls tls;
  private boolean secure;
  /** The session's latest wish for reading (see {@link #holdReads}). */
  private volatile boolean holdWanted;
  /** The TLS session's channel bindings, computed on first use after the handshake. */
  private ChannelBindings bindings;

  NettyTransport(ChannelHandlerContext ctx, StreamEventDecoder decoder, ServerTls tls, boolean directTls) {
    this.ctx = ctx;
    this.channel = ctx.channel();
    this.decoder = decoder;
    this.tls = tls;
    this.secure = directTls;
  }

  @Override
  public void openStream(StreamHeader header) {
    write(header.toXml());
  }

  @Override
  public void send(XmlElement element) {
    write(StreamHeader.writeTopLevel(element, Namespaces.JABBER_CLIENT));
  }

  @Override
  public void send(XmlElement element, Consumer<Boolean> written) {
    channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), StreamHeader.writeTopLevel(element, Namespaces.JABBER_CLIENT)))
        .addListener(done -> written.accept(done.isSuccess()));
  }

  /**
   * Runs on the event loop after every write already queued there: the connection actor writes
   * stanzas from its own thread, which Netty queues as tasks, and a stanza written (and its receipt
   * acknowledged) just before the close must reach the socket before the closing tag. The close
   * lingers ({@link LingeringClose}): a client still sending must read the error, not a reset.
   */
  @Override
  public void closeStream(StreamError error) {
    String xml = (error == null ? "" : StreamHeader.writeTopLevel(error.toElement(), Namespaces.JABBER_CLIENT))
        + StreamHeader.CLOSE;
    channel.eventLoop().execute(() -> LingeringClose.close(channel, ByteBufUtil.writeUtf8(channel.alloc(), xml)));
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void abort() {
    channel.close();
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public boolean canStartTls() {
    return true;
  }

  @Override
  public void startTls() {
    // startTls=true: the <proceed/> below still leaves in plaintext, everything after is TLS.
    SslHandler ssl = tls.context().newHandler(channel.alloc());
    channel.pipeline().addFirst("tls", new SslHandler(ssl.engine(), true));
    write("<proceed xmlns='" + Namespaces.TLS + "'/>");
    secure = true;
    // RFC 6120 §5.4.3.3: the client starts a new stream over TLS; anything it sent after
    // <starttls/> in plaintext is discarded.
    decoder.restart(true);
  }

  @Override
  public void restartStream(boolean discardPending) {
    decoder.restart(discardPending);
  }

  @Override
  public void execute(Runnable task) {
    channel.eventLoop().execute(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return channel.eventLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public long lastReadNanos() {
    return decoder.lastReadNanos();
  }

  /**
   * On the event loop at once (the stream's own decision, before the next read); from another
   * thread as a task that applies the latest wish when it runs, so a release queued before a hold
   * cannot undo it.
   */
  @Override
  public void holdReads(boolean hold) {
    holdWanted = hold;
    if (channel.eventLoop().inEventLoop()) {
      decoder.hold(ctx, holdWanted);
    } else {
      channel.eventLoop().execute(() -> decoder.hold(ctx, holdWanted));
    }
  }

  @Override
  public void hibernateParser() {
    decoder.hibernate();
  }

  @Override
  public InetAddress remoteAddress() {
    return ConnectionLimiter.ip(ctx);
  }

  @Override
  public ChannelBindings channelBindings() {
    if (!secure) {
      return ChannelBindings.NONE;
    }
    if (bindings == null) {
      SslHandler ssl = channel.pipeline().get(SslHandler.class);
      if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
        return ChannelBindings.NONE; // not yet: never cached before the session exists
      }
      bindings = tls.channelBindings(ssl.engine());
    }
    return bindings;
  }

  @Override
  public long partialElementSinceNanos() {
    return decoder.partialElementSinceNanos();
  }

  @Override
  public StreamMetrics.Transport kind() {
    return StreamMetrics.Transport.TCP;
  }

  @Override
  public String describe() {
    return String.valueOf(channel.remoteAddress());
  }

  private void write(String xml) {
    channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), xml), channel.voidPromise());
  }
}
