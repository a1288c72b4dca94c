package io.switchboard.node.bosh;

import io.switchboard.node.stream.StreamMetrics;
import io.switchboard.node.stream.StreamTransport;
import io.switchboard.node.web.Peer;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlElement;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client stream carried by BOSH (XEP-0206): what the stream writes is collected by its
 * {@link BoshSession} and goes out in the body of the next HTTP response; the stream header's
 * attributes go into the session creation response; a restart is a request with
 * {@code xmpp:restart} (nothing to reset here); there is no STARTTLS. The stream's thread is the
 * session actor: calls from elsewhere become messages to it.
 */
final class BoshTransport implements StreamTransport {
  private final BoshSession session;
  private final ScheduledExecutorService timer;
  private final Peer peer;
  private final String label;
  private volatile boolean open = true;
  private volatile long lastReadNanos = System.nanoTime();

  BoshTransport(BoshSession session, ScheduledExecutorService timer, Peer peer, String label) {
    this.session = session;
    this.timer = timer;
    this.peer = peer;
    this.label = label;
  }

  @Override
  public void openStream(StreamHeader header) {
    session.streamHeader(header); // always on the session's thread (the stream answers a request)
  }

  @Override
  public void send(XmlElement element) {
    session.write(element, null);
  }

  @Override
  public void send(XmlElement element, Consumer<Boolean> written) {
    session.write(element, written);
  }

  @Override
  public void closeStream(StreamError error) {
    open = false;
    session.close(error);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  void closed() {
    open = false;
  }

  @Override
  public void abort() {
    open = false;
    session.close(null);
  }

  @Override
  public boolean isSecure() {
    return peer.secure();
  }

  @Override
  public boolean canStartTls() {
    return false;
  }

  @Override
  public void startTls() {
    throw new UnsupportedOperationException("no STARTTLS on BOSH (XEP-0206 §4)");
  }

  @Override
  public void restartStream(boolean discardPending) {
    // XEP-0206 §5: the client's next request carries xmpp:restart='true'.
  }

  @Override
  public void execute(Runnable task) {
    session.execute(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return timer.schedule(() -> session.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public long lastReadNanos() {
    return lastReadNanos;
  }

  void readAt(long nanos) {
    lastReadNanos = nanos;
  }

  @Override
  public void hibernateParser() {}

  @Override
  public InetAddress remoteAddress() {
    return peer.address();
  }

  @Override
  public StreamMetrics.Transport kind() {
    return StreamMetrics.Transport.BOSH;
  }

  @Override
  public String describe() {
    return "bosh " + label + " " + peer.describe();
  }
}
