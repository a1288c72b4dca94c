package io.switchboard.sharding.muc;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.EntityFullJid;

/**
 * {@link SessionCheck} over the accounts' sharded entities: asks the account of the occupant's
 * full JID whether the resource still has directed presence at the room
 * ({@link UserSession.DirectedPresenceQuery}). Only local accounts are asked; a JID of another
 * domain is kept (no s2s yet).
 */
public final class ShardedSessionCheck implements SessionCheck {
  private final ClusterSharding sharding;
  private final String domain;
  private final Duration timeout;

  public ShardedSessionCheck(ClusterSharding sharding, String domain, Duration timeout) {
    this.sharding = sharding;
    this.domain = domain;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Boolean> stillIn(String fullJid, String room) {
    EntityFullJid full = Jids.parse(fullJid).map(j -> j.asEntityFullJidIfPossible()).orElse(null);
    if (full == null || !full.getDomain().toString().equals(domain)) {
      return CompletableFuture.completedFuture(true);
    }
    return sharding.entityRefFor(UserSession.TYPE_KEY, full.asEntityBareJid().toString())
        .<UserSession.DirectedPresenceAnswer>ask(replyTo -> new UserSession.DirectedPresenceQuery(
            full.getResourcepart().toString(), room, replyTo), timeout)
        .thenApply(UserSession.DirectedPresenceAnswer::present);
  }
}
