package io.switchboard.node.api;

/** The outcome of {@link ApiPubSub#publish}. */
public sealed interface PublishResult {
  /** Published; {@code itemId} is the item's id (given or assigned). */
  record Published(String itemId) implements PublishResult {}

  /** No such node (HTTP 404). */
  enum NodeNotFound implements PublishResult {
    INSTANCE
  }

  /** The node does not let the API publish (HTTP 403). */
  enum Forbidden implements PublishResult {
    INSTANCE
  }

  /**
   * The service refused the item for another reason, e.g. XEP-0060 §7.1.3 {@code payload-too-big}
   * or {@code invalid-payload} (HTTP 400, field body); {@code condition} names it.
   */
  record Rejected(String condition) implements PublishResult {}
}
