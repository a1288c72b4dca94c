package io.switchboard.sharding.feed;

import java.util.concurrent.CompletionStage;

/**
 * The port through which a {@link Feed} reaches the web; the node implements it (HTTP client,
 * parser). Both stages complete off the calling actor's thread and never hang: the
 * implementation bounds time, size and redirects.
 */
public interface FeedFetcher {

  /** Fetches and parses a feed; failures are a {@link FetchOutcome.Failed}, never an exception. */
  CompletionStage<FetchOutcome> fetch(FetchRequest request);

  /**
   * Parses a document that arrived by other means (WebSub content distribution); a failure
   * completes the stage exceptionally with a one-line message.
   */
  CompletionStage<FeedDocument> parse(byte[] body, String contentType);
}
