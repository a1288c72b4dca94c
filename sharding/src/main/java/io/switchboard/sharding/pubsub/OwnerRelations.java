package io.switchboard.sharding.pubsub;

import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * What a node owner's roster says about a requester, for the presence and roster access models
 * (XEP-0060 §4.5). The node implements it by asking the owner's UserSession; tests use a fake.
 */
@FunctionalInterface
public interface OwnerRelations {

  CompletionStage<Relation> relation(EntityBareJid owner, BareJid requester);

  /** No roster anywhere: nobody is subscribed, nobody is in a group. */
  static OwnerRelations none() {
    return (owner, requester) -> java.util.concurrent.CompletableFuture.completedFuture(
        Relation.NONE);
  }
}
