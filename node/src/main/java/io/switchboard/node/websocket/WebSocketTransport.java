package io.switchboard.node.websocket;

import io.switchboard.node.stream.StreamMetrics;
import io.switchboard.node.stream.StreamTransport;
import io.switchboard.node.web.Peer;
import io.switchboard.node.web.SerialExecutor;
import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.StandaloneXml;
import io.switchboard.protocol.xml.XmlElement;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client stream over one WebSocket connection (RFC 7395): {@code <open/>} and {@code <close/>}
 * frame the stream, every first-level element is one text message declaring its own namespaces,
 * there is no STARTTLS (the listener or the ingress in front does TLS), and a restart (after SASL)
 * only means the client opens again. The stream's thread is a {@link SerialExecutor}.
 *
 * <p>Writes go into a bounded queue that the WebSocket drains; a client that does not read while
 * {@code max-outbound-frames} messages wait is cut off. A write with a {@code written} callback is
 * reported written when the WebSocket takes it from the queue, and not written when the
 * connection ends first (receipts wait on it).
 *
 * <p>While the session holds reading ({@link #holdReads}), the next client message is not taken
 * from the WebSocket until the hold is released ({@link #readable}): Pekko HTTP's back-pressure
 * then stops reading the socket.
 */
final class WebSocketTransport implements StreamTransport {
  private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);

  /** One text message to the client; {@code written} may be null. */
  record Outgoing(String xml, Consumer<Boolean> written) {}

  /** Set when Pekko HTTP materializes the connection's flow; writes before that wait in {@link #early}. */
  private BoundedSourceQueue<Outgoing> queue;
  private java.util.List<Outgoing> early;
  private boolean completeOnAttach;
  private final SerialExecutor thread;
  private final ScheduledExecutorService timer;
  private final Peer peer;
  private final FrameReader reader;
  private final Optional<URI> seeOtherUri;
  private final Set<Outgoing> unwritten = ConcurrentHashMap.newKeySet();
  private boolean open = true;
  private volatile long lastReadNanos = System.nanoTime();
  /** Completed when the session's hold on reading is released; null while reading is not held. */
  private CompletableFuture<Done> hold;

  WebSocketTransport(SerialExecutor thread, ScheduledExecutorService timer,
      Peer peer, FrameReader reader, Optional<URI> seeOtherUri) {
    this.thread = thread;
    this.timer = timer;
    this.peer = peer;
    this.reader = reader;
    this.seeOtherUri = seeOtherUri;
  }

  @Override
  public void openStream(StreamHeader header) {
    offer(new Outgoing(Framing.open(header), null));
  }

  @Override
  public void send(XmlElement element) {
    offer(new Outgoing(StandaloneXml.write(element), null));
  }

  @Override
  public void send(XmlElement element, Consumer<Boolean> written) {
    offer(new Outgoing(StandaloneXml.write(element), written));
  }

  /**
   * RFC 7395 §3.6: the error (if any), then {@code <close/>}, then the WebSocket closes. A
   * see-other-host error, and system-shutdown when {@code see-other-uri} is configured, become
   * {@code <close see-other-uri='...'/>} (§3.6.1).
   */
  @Override
  public synchronized void closeStream(StreamError error) {
    if (!open) {
      return;
    }
    Optional<URI> redirect = Optional.empty();
    if (error != null && error.condition() == StreamErrorCondition.SEE_OTHER_HOST && error.conditionText() != null) {
      redirect = Optional.of(URI.create(error.conditionText()));
    } else if (error != null && error.condition() == StreamErrorCondition.SYSTEM_SHUTDOWN) {
      redirect = seeOtherUri;
    }
    if (error != null && redirect.isEmpty()) {
      offer(new Outgoing(StandaloneXml.write(error.toElement()), null));
    }
    offer(new Outgoing(Framing.close(redirect), null));
    open = false;
    if (queue != null) {
      queue.complete();
    } else {
      completeOnAttach = true;
    }
  }

  /** The flow is materialized: its queue takes what was written so far. */
  synchronized void attach(BoundedSourceQueue<Outgoing> materialized) {
    queue = materialized;
    if (early != null) {
      for (Outgoing o : early) {
        queue.offer(o);
      }
      early = null;
    }
    if (completeOnAttach) {
      queue.complete();
    } else if (!open) {
      queue.fail(new IOException("connection aborted"));
    }
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void abort() {
    if (open) {
      open = false;
      if (queue != null) {
        queue.fail(new IOException("connection aborted"));
      }
    }
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
    throw new UnsupportedOperationException("no STARTTLS on WebSocket (RFC 7395 §3.4)");
  }

  @Override
  public void restartStream(boolean discardPending) {
    reader.expectOpen();
  }

  @Override
  public void execute(Runnable task) {
    thread.execute(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return timer.schedule(() -> thread.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Now while reading is held: the client is not silent, it is not read (the ping waits). */
  @Override
  public long lastReadNanos() {
    synchronized (this) {
      if (hold != null) {
        return System.nanoTime();
      }
    }
    return lastReadNanos;
  }

  @Override
  public synchronized void holdReads(boolean held) {
    if (held && hold == null) {
      hold = new CompletableFuture<>();
    } else if (!held && hold != null) {
      CompletableFuture<Done> released = hold;
      hold = null;
      lastReadNanos = System.nanoTime();
      released.complete(Done.getInstance());
    }
  }

  /** Completes when the client's next message may be read (at once unless reading is held). */
  synchronized CompletionStage<Done> readable() {
    return hold == null ? DONE : hold;
  }

  private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

  void readAt(long nanos) {
    lastReadNanos = nanos;
  }

  /** No parser is kept between messages ({@code FragmentParser}): nothing to drop. */
  @Override
  public void hibernateParser() {}

  @Override
  public InetAddress remoteAddress() {
    return peer.address();
  }

  @Override
  public StreamMetrics.Transport kind() {
    return StreamMetrics.Transport.WEBSOCKET;
  }

  @Override
  public String describe() {
    return "ws " + peer.describe();
  }

  /** The WebSocket took {@code o} from the queue (called in order, by the stream that writes). */
  String written(Outgoing o) {
    if (o.written() != null && unwritten.remove(o)) {
      o.written().accept(true);
    }
    return o.xml();
  }

  /** The connection ended: what it never took was not written. */
  void ended() {
    synchronized (this) {
      open = false;
    }
    holdReads(false); // a message waiting for the release is read (and dropped by the ended stream)
    for (Outgoing o : unwritten) {
      if (unwritten.remove(o)) {
        o.written().accept(false);
      }
    }
  }

  private synchronized void offer(Outgoing o) {
    if (!open) {
      notWritten(o);
      return;
    }
    if (o.written() != null) {
      unwritten.add(o);
    }
    if (queue == null) {
      if (early == null) {
        early = new java.util.ArrayList<>(4);
      }
      early.add(o);
      return;
    }
    QueueOfferResult result = queue.offer(o);
    if (result == QueueOfferResult.enqueued()) {
      return;
    }
    if (o.written() != null && unwritten.remove(o)) {
      o.written().accept(false);
    }
    if (result == QueueOfferResult.dropped()) {
      log.info("{} does not read: more than the allowed frames wait; closing", describe());
      open = false;
      queue.fail(new IOException("client does not read"));
    }
  }

  private static void notWritten(Outgoing o) {
    if (o.written() != null) {
      o.written().accept(false);
    }
  }
}
