package io.switchboard.node.proxy65;

/**
 * Activates a mediated bytestream by its digest (XEP-0065 §6.3.5): what the IQ side asks of the
 * SOCKS5 side. Must not block; it runs on whichever thread routes the activation IQ.
 */
@FunctionalInterface
interface Activator {

  Outcome activate(String digest);

  /** What the proxy answers the requester, per XEP-0065 §6.3.5. */
  enum Outcome {
    /** Relaying starts: an IQ result. */
    ACTIVATED,
    /** No connection waits with that digest (the requester's JID or sid does not match): item-not-found. */
    UNKNOWN,
    /** Only one of the two parties is connected: not-allowed. */
    ONE_PARTY,
    /** The proxy could not start relaying (shutting down): internal-server-error. */
    FAILED
  }
}
