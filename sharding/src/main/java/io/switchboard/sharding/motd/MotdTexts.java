package io.switchboard.sharding.motd;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.DomainBareJid;

/**
 * The message of the day of each hosted domain, shared by the whole cluster. Implemented in
 * {@code node} over Cassandra, and by {@link CachedMotd} in front of that. Non-blocking.
 */
public interface MotdTexts {

  /** The domain's message of the day; empty when none is set. */
  CompletionStage<Optional<String>> current(DomainBareJid domain);

  /** Sets (replaces) it; complete once every node will read the new text. */
  CompletionStage<Void> set(DomainBareJid domain, String text);

  /** Deletes it (nothing happens when there is none). */
  CompletionStage<Void> delete(DomainBareJid domain);
}
