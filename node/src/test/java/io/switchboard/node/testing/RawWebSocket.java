package io.switchboard.node.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that sends and reads raw text messages (the JDK's java.net.http), for tests
 * of what a well-behaved client library never sends. Messages received land in a queue; the
 * server's close is recorded.
 */
public final class RawWebSocket implements AutoCloseable {
  private final WebSocket socket;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private RawWebSocket(URI uri, String origin, String... subprotocols) throws Exception {
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (subprotocols.length > 0) {
      b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    StringBuilder partial = new StringBuilder();
    socket = b.buildAsync(uri, new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          received.add(partial.toString());
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
      }
    }).get(10, TimeUnit.SECONDS);
  }

  /** Connects with the {@code xmpp} subprotocol. */
  public static RawWebSocket connect(int port) throws Exception {
    return new RawWebSocket(URI.create("ws://127.0.0.1:" + port + "/xmpp-websocket"), null, "xmpp");
  }

  public static RawWebSocket connect(URI uri, String origin, String... subprotocols) throws Exception {
    return new RawWebSocket(uri, origin, subprotocols);
  }

  public void send(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  /** The next message from the server, or null after {@code timeout}. */
  public String next(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next message containing {@code text} (others are skipped); fails after {@code timeout}. */
  public String await(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String m = received.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
      if (m != null && m.contains(text)) {
        return m;
      }
    }
    throw new AssertionError("no message containing " + text + " within " + timeout);
  }

  /** The WebSocket close code the server sent (-1 on an error), waiting up to {@code timeout}. */
  public int awaitClose(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public String subprotocol() {
    return socket.getSubprotocol();
  }

  @Override
  public void close() {
    socket.abort();
  }
}
