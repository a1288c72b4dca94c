package io.switchboard.node.api;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The pub-sub service as the HTTP API sees it: publish one item to a node of the server's pub-sub
 * service ({@code pubsub.<domain>}) on behalf of the API (the service decides what the API may do;
 * the lead wires this to the pub-sub service).
 */
public interface ApiPubSub {
  /**
   * Publishes {@code payload} (the single child of the XEP-0060 {@code <item/>}) to {@code node},
   * with {@code itemId} or, when empty, an id the service assigns.
   */
  CompletionStage<PublishResult> publish(String node, XmlElement payload, Optional<String> itemId);
}
