package io.switchboard.node.stream;

import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.stream.StreamEvent;
import io.switchboard.protocol.stream.StreamHeader;
import io.switchboard.protocol.xml.XmlParser;
import io.switchboard.protocol.xml.XmlElement;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A transport for {@link ClientStream} tests: one thread plays the stream's thread, and every
 * output is recorded in order as text ({@code OPEN}, {@code STARTTLS}, {@code RESTART},
 * {@code CLOSE <error>}, or an element's XML).
 */
final class FakeTransport implements StreamTransport {
  final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-stream");
    t.setDaemon(true);
    return t;
  });
  final BlockingQueue<String> out = new LinkedBlockingQueue<>();
  volatile boolean secure;
  volatile boolean open = true;
  volatile long lastRead = System.nanoTime();

  FakeTransport(boolean secure) {
    this.secure = secure;
  }

  /** Runs {@code task} on the stream's thread and waits for it. */
  void on(Runnable task) {
    try {
      thread.submit(task).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next output, or null after {@code seconds}. */
  String next() throws InterruptedException {
    return out.poll(10, TimeUnit.SECONDS);
  }

  /** The client's stream header for example.com reaches {@code stream}. */
  void header(ClientStream stream) {
    on(() -> stream.onEvent(new StreamEvent.StreamOpened(Map.of("to", "example.com", "version", "1.0"))));
  }

  /** One element from the client reaches {@code stream}. */
  void element(ClientStream stream, String xml) {
    XmlElement e = XmlParser.parse(xml).orElseThrow(() -> new IllegalArgumentException(xml));
    on(() -> stream.onEvent(new StreamEvent.ElementReceived(e, xml.length())));
  }

  /** Skips outputs until one contains {@code marker}; fails if none comes. */
  String until(String marker) throws InterruptedException {
    for (String o = next(); o != null; o = next()) {
      if (o.contains(marker)) {
        return o;
      }
    }
    throw new AssertionError("no output containing " + marker);
  }

  @Override
  public void openStream(StreamHeader header) {
    out.add("OPEN");
  }

  @Override
  public void send(XmlElement element) {
    out.add(element.toXml());
  }

  @Override
  public void send(XmlElement element, Consumer<Boolean> written) {
    out.add(element.toXml());
    written.accept(open);
  }

  @Override
  public void closeStream(StreamError error) {
    out.add("CLOSE" + (error == null ? "" : " " + error.condition().elementName()));
    open = false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void abort() {
    out.add("ABORT");
    open = false;
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
    out.add("STARTTLS");
    secure = true;
  }

  @Override
  public void restartStream(boolean discardPending) {
    out.add("RESTART");
  }

  @Override
  public void execute(Runnable task) {
    thread.execute(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return thread.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public long lastReadNanos() {
    return lastRead;
  }

  @Override
  public void hibernateParser() {}

  @Override
  public InetAddress remoteAddress() {
    return InetAddress.getLoopbackAddress();
  }

  @Override
  public StreamMetrics.Transport kind() {
    return StreamMetrics.Transport.TCP;
  }

  @Override
  public String describe() {
    return "fake";
  }
}
