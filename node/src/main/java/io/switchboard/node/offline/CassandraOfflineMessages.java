package io.switchboard.node.offline;

import io.switchboard.persistence.offline.OfflineMessage;
import io.switchboard.persistence.offline.OfflineStore;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.offline.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The entity's offline-message port over the Cassandra {@link OfflineStore}. */
public final class CassandraOfflineMessages implements OfflineMessages {
  private static final Logger log = LoggerFactory.getLogger(CassandraOfflineMessages.class);

  private final OfflineStore store;
  private final int fetchLimit;

  public CassandraOfflineMessages(OfflineStore store, int fetchLimit) {
    this.store = store;
    this.fetchLimit = fetchLimit;
  }

  @Override
  public CompletionStage<Boolean> store(EntityBareJid user, XmlElement stanza, Instant stamp) {
    String from = stanza.attr("from") == null ? "" : stanza.attr("from");
    return store.append(user, OfflineMessage.of(stamp, from, stanza.toXml()))
        .thenApply(r -> r == OfflineStore.AppendResult.STORED);
  }

  @Override
  public CompletionStage<Integer> storeAll(EntityBareJid user, List<XmlElement> stanzas, Instant stamp) {
    List<OfflineMessage> messages = new ArrayList<>(stanzas.size());
    for (XmlElement stanza : stanzas) {
      String from = stanza.attr("from") == null ? "" : stanza.attr("from");
      messages.add(OfflineMessage.of(stamp, from, stanza.toXml()));
    }
    return store.appendAll(user, messages);
  }

  @Override
  public int pageSize() {
    return fetchLimit;
  }

  @Override
  public CompletionStage<List<StoredMessage>> fetch(EntityBareJid user) {
    return store.read(user, fetchLimit).thenCompose(messages -> {
      List<StoredMessage> out = new ArrayList<>(messages.size());
      List<UUID> unreadable = new ArrayList<>(0);
      for (OfflineMessage m : messages) {
        Optional<XmlElement> stanza = XmlParser.parse(m.stanzaXml());
        if (stanza.isPresent()) {
          out.add(new StoredMessage(m.id(), stanza.get(), m.stamp()));
        } else {
          unreadable.add(m.id());
        }
      }
      if (unreadable.isEmpty()) {
        return CompletableFuture.completedFuture(out);
      }
      // A row that cannot be parsed back can never be delivered; left in place it would count
      // against the user's quota for good. It is deleted (its text stays out of the log).
      log.warn("Deleting {} unreadable offline message(s) of {}: {}", unreadable.size(), user, unreadable);
      return store.delete(user, unreadable).thenApply(done -> out);
    });
  }

  @Override
  public CompletionStage<Void> delete(EntityBareJid user, List<UUID> ids) {
    return store.delete(user, ids);
  }

  @Override
  public CompletionStage<Void> deleteAll(EntityBareJid user) {
    return store.deleteAll(user);
  }
}
