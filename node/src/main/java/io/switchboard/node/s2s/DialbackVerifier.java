package io.switchboard.node.s2s;

import java.util.concurrent.CompletionStage;

/**
 * The receiving server's question to the authoritative server (XEP-0220 §2.3): is {@code key},
 * sent on our stream {@code streamId} by a server claiming {@code remote}, right? Answered over a
 * separate connection to {@code remote}'s server, found by DNS like any outgoing stream.
 */
@FunctionalInterface
public interface DialbackVerifier {
  CompletionStage<Boolean> verify(String local, String remote, String streamId, String key);
}
