package io.switchboard.sharding.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.FullJid;

/**
 * Who gets a PEP notification besides explicit subscribers (XEP-0163 §4.3.1): the available
 * resources of the owner and of contacts with a presence subscription to the owner whose entity
 * capabilities include {@code <node>+notify}. The node implements it from the owner's
 * UserSession; access-model filtering (whitelist nodes reach only the owner and affiliates) is
 * applied by the pub-sub node on top.
 */
@FunctionalInterface
public interface PepAudience {

  CompletionStage<Set<FullJid>> notifyTargets(EntityBareJid owner, String node);

  static PepAudience nobody() {
    return (owner, node) -> java.util.concurrent.CompletableFuture.completedFuture(Set.of());
  }
}
