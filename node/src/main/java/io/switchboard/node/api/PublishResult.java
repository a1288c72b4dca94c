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
}
