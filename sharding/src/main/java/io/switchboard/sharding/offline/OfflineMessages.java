package io.switchboard.sharding.offline;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * Offline message storage (XEP-0160), implemented by the node over Cassandra. Every method is
 * asynchronous; the {@code UserSession} entity pipes the results to itself and never blocks.
 */
public interface OfflineMessages {

  /**
   * Stores {@code stanza} for {@code user}. Completes with {@code false} when the user's quota is
   * full (the sender then gets {@code resource-constraint}, type wait).
   */
  CompletionStage<Boolean> store(EntityBareJid user, XmlElement stanza, Instant stamp);

  /** Every stored message of {@code user}, oldest first. */
  CompletionStage<List<StoredMessage>> fetch(EntityBareJid user);

  /** Deletes the given messages after they were delivered. */
  CompletionStage<Void> delete(EntityBareJid user, List<UUID> ids);
}
