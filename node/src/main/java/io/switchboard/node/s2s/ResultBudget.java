package io.switchboard.node.s2s;

/**
 * How many {@code <db:result/>} requests (XEP-0220 §2.2.1: we are the receiving server) one
 * incoming stream may still have verified. Each one names a sender domain whose authoritative
 * server we look up and connect to (or reuse a stream to) to check the key, so a peer could make
 * us try any number of domains from one stream. At most {@code maxPending} wait for their answer
 * at once, and at most {@code maxPairs} domain pairs are verified over the stream's life (an
 * initiating server asks once per pair; a failed one ends the stream). Past either, the request
 * gets a dialback error, not a stream error (XEP-0220 §2.4: the stream may carry other pairs).
 * One per stream, on its event loop.
 */
final class ResultBudget {
  /** What to do with one request for a pair not yet authenticated nor being verified. */
  enum Decision {
    /** Ask the authoritative server. */
    VERIFY,
    /** {@code maxPending} are waiting: a dialback error of type wait (the peer may ask again later). */
    TOO_MANY_PENDING,
    /** {@code maxPairs} were asked for on this stream: a dialback error of type cancel. */
    TOO_MANY_PAIRS
  }

  private final int maxPending;
  private final int maxPairs;
  private int pending;
  private int asked;

  ResultBudget(int maxPending, int maxPairs) {
    if (maxPending < 1 || maxPairs < maxPending) {
      throw new IllegalArgumentException("maxPending " + maxPending + ", maxPairs " + maxPairs);
    }
    this.maxPending = maxPending;
    this.maxPairs = maxPairs;
  }

  /** A request for a new pair; on {@link Decision#VERIFY} it counts until {@link #answered()}. */
  Decision request() {
    if (asked >= maxPairs) {
      return Decision.TOO_MANY_PAIRS;
    }
    if (pending >= maxPending) {
      return Decision.TOO_MANY_PENDING;
    }
    pending++;
    asked++;
    return Decision.VERIFY;
  }

  /** The authoritative server's answer (or failure) to a request {@link #request()} let through. */
  void answered() {
    if (pending == 0) {
      throw new IllegalStateException("no request pending");
    }
    pending--;
  }

  int pending() {
    return pending;
  }
}
