package io.switchboard.sharding.feed;

import java.time.Duration;

/** What one fetch of a feed gave. */
public sealed interface FetchOutcome {

  /** 200 (after at most the allowed redirects): the document and its new validators. */
  record Modified(FeedDocument document, String etag, String lastModified) implements FetchOutcome {}

  /** 304: nothing changed since the validators sent. */
  enum NotModified implements FetchOutcome {
    INSTANCE
  }

  /**
   * Anything else: an HTTP error status, too large, too slow, a redirect loop, a refused address,
   * a document that does not parse. {@code error} is one line for the feed's status;
   * {@code retryAfter} is the server's {@code Retry-After}, or null.
   */
  record Failed(String error, Duration retryAfter) implements FetchOutcome {}
}
