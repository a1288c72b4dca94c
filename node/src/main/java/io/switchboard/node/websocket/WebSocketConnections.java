package io.switchboard.node.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The open WebSocket connections of a node: counted for status, ended on drain. */
final class WebSocketConnections {
  private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();

  void add(WebSocketConnection c) {
    open.add(c);
  }

  void remove(WebSocketConnection c) {
    open.remove(c);
  }

  int count() {
    return open.size();
  }

  /**
   * Ends every stream with {@code <system-shutdown/>} (or see-other-uri), spread over
   * {@code window} like the TCP streams; completes when all are gone or the window plus 5 s passed.
   */
  CompletionStage<Void> closeAll(Duration window, ScheduledExecutorService timer) {
    List<WebSocketConnection> all = List.copyOf(open);
    long step = all.isEmpty() ? 0 : window.toNanos() / all.size();
    for (int i = 0; i < all.size(); i++) {
      timer.schedule(all.get(i)::shutdown, i * step, TimeUnit.NANOSECONDS);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    long deadline = System.nanoTime() + window.plusSeconds(5).toNanos();
    Runnable[] poll = new Runnable[1];
    poll[0] = () -> {
      if (open.isEmpty() || System.nanoTime() - deadline > 0) {
        done.complete(null);
      } else {
        timer.schedule(poll[0], 100, TimeUnit.MILLISECONDS);
      }
    };
    poll[0].run();
    return done;
  }
}
