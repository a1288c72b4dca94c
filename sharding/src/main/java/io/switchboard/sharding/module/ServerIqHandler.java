package io.switchboard.sharding.module;

import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers IQ requests addressed to the server's own domain (XEP-0030 disco, XEP-0092 version,
 * XEP-0199 ping, XEP-0202 time, XEP-0012 uptime...) for the payload namespaces it names. Must not
 * block: it runs on whatever thread routed the request.
 */
public interface ServerIqHandler {

  /** The payload namespaces this handler answers. */
  Set<String> namespaces();

  /** The disco#info features the server announces for it: by default its namespaces. */
  default List<String> features() {
    return List.copyOf(namespaces());
  }

  /**
   * The reply (an IQ result or error, addressed back to the sender) to {@code iq}, a get or set
   * whose first child is {@code payload}.
   */
  XmlElement answer(XmlElement iq, XmlElement payload);

  /**
   * As {@link #answer}, for a handler that must wait for something (a store, the cluster) before
   * it can answer: the server sends the reply when the stage completes. By default the synchronous
   * {@link #answer}. Must not block either.
   */
  default CompletionStage<XmlElement> answerLater(XmlElement iq, XmlElement payload) {
    return CompletableFuture.completedFuture(answer(iq, payload));
  }

  /**
   * The reply to a disco#items get on {@code node} of the server's domain (the IQ {@code iq}, its
   * {@code from} stamped), when this handler owns that node (XEP-0050 lists its commands on one);
   * empty otherwise. By default it owns none.
   */
  default Optional<XmlElement> discoItems(XmlElement iq, String node) {
    return Optional.empty();
  }

  /**
   * The reply to a disco#info get on {@code node} of the server's domain, when this handler owns
   * that node (an XEP-0050 command); empty otherwise.
   */
  default Optional<XmlElement> discoInfo(XmlElement iq, String node) {
    return Optional.empty();
  }
}
