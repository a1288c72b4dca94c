package io.switchboard.node.lifecycle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A listener of the node (client streams, components, the HTTP API, the SOCKS5 proxy) as
 * Coordinated Shutdown drains it: it stops accepting, then closes its open streams, then releases
 * what it holds. Each step completes when done.
 */
public interface Listener {

  /** No new connections (readiness is already false). */
  CompletionStage<?> stopAccepting();

  /** The open streams end (client streams spread over the drain window). */
  default CompletionStage<?> closeStreams() {
    return CompletableFuture.completedFuture(null);
  }

  /** What is left is released (connection actors handing on what their clients sent, event loops). */
  default CompletionStage<?> release() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * A listener whose first and last steps finish at once (stop accepting, release), with
   * {@code closeStreams} giving the stage of its open streams' end, or null when it holds none.
   */
  static Listener of(Runnable stopAccepting, Supplier<CompletionStage<?>> closeStreams, Runnable release) {
    return new Listener() {
      @Override
      public CompletionStage<?> stopAccepting() {
        stopAccepting.run();
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<?> closeStreams() {
        return closeStreams == null ? CompletableFuture.completedFuture(null) : closeStreams.get();
      }

      @Override
      public CompletionStage<?> release() {
        release.run();
        return CompletableFuture.completedFuture(null);
      }
    };
  }
}
