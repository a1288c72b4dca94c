package io.switchboard.sharding.admin;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.DomainBareJid;

/**
 * The XEP-0133 welcome message of each hosted domain (set-welcome, delete-welcome), shared by the
 * whole cluster: the text every account created afterwards gets (see
 * {@link AdminOperations#welcome}). Implemented in {@code node} over Cassandra. Non-blocking.
 */
public interface WelcomeTexts {

  /** The domain's welcome message; empty when none is set. */
  CompletionStage<Optional<String>> current(DomainBareJid domain);

  /** Sets (replaces) it. */
  CompletionStage<Void> set(DomainBareJid domain, String text);

  /** Deletes it (nothing happens when there is none). */
  CompletionStage<Void> delete(DomainBareJid domain);
}
