package io.switchboard.sharding.pep;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.pubsub.OwnerRelations;
import io.switchboard.sharding.pubsub.PepAudience;
import io.switchboard.sharding.pubsub.Relation;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.FullJid;

/**
 * What pub-sub nodes learn from their owner's account, by asking the owner's {@link UserSession}
 * (wherever it lives): the roster's view of a requester (presence and roster access models), and
 * who hears a PEP notification.
 *
 * <p>{@link #notifyTargets} asks the entity which of the owner's available resources and of its
 * contacts with a presence subscription announced {@code <node>+notify} in their XEP-0115 caps.
 */
public final class AccountRelations implements OwnerRelations, PepAudience {
  private final Router router;
  private final Duration timeout;

  public AccountRelations(Router router, Duration timeout) {
    this.router = router;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Relation> relation(EntityBareJid owner, BareJid requester) {
    return state(owner).thenApply(s -> {
      RosterItem item = s.account().item(requester);
      return item == null
          ? Relation.NONE
          : new Relation(item.subscription().hasFrom(), Set.copyOf(item.groups()));
    });
  }

  @Override
  public CompletionStage<Set<FullJid>> notifyTargets(EntityBareJid owner, String node) {
    return router.entity(owner)
        .<UserSession.NotifyTargetsReply>ask(replyTo -> new UserSession.NotifyTargets(node, replyTo), timeout)
        .thenApply(reply -> {
          Set<FullJid> out = new LinkedHashSet<>();
          for (String full : reply.fullJids()) {
            out.add(Jids.full(full));
          }
          return out;
        });
  }

  private CompletionStage<UserSession.SessionState> state(EntityBareJid owner) {
    return router.entity(owner).ask(UserSession.GetState::new, timeout);
  }
}
