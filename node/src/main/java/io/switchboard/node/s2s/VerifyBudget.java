package io.switchboard.node.s2s;

/**
 * How many {@code <db:verify/>} requests (XEP-0220 §2.3: we are the authoritative server and
 * check a key with our secret) one incoming stream may still make. Anyone can open a stream and
 * ask, before authenticating anything, so a stranger's questions are bounded: at most
 * {@code max-dialback-verifies} until the stream authenticates a domain pair, and the next one is
 * a {@code <policy-violation/>} (RFC 6120 §4.9.3.14). A peer that has authenticated is known and
 * only rate-limited, like its stanzas ({@link ReadThrottle}). One per stream, on its event loop.
 */
final class VerifyBudget {
  /** What to do with one request. */
  enum Decision { ANSWER, REFUSE }

  private final int max;
  private int unauthenticated;

  VerifyBudget(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max " + max);
    }
    this.max = max;
  }

  /** One more request on a stream that has ({@code authenticated}) or has not authenticated a pair. */
  Decision request(boolean authenticated) {
    if (authenticated) {
      return Decision.ANSWER;
    }
    return ++unauthenticated <= max ? Decision.ANSWER : Decision.REFUSE;
  }
}
