package io.switchboard.node.admin;

import io.switchboard.node.net.ClusterBroadcast;
import io.switchboard.persistence.motd.MotdStore;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.motd.CachedMotd;
import io.switchboard.sharding.motd.MotdTexts;
import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jxmpp.jid.DomainBareJid;

/**
 * The node's message of the day: the Cassandra table ({@link MotdStore}, V12) behind a
 * {@link CachedMotd} whose changes every node hears on one cluster topic ({@link ClusterBroadcast}).
 */
public final class MotdWiring {
  private static final String TOPIC = "switchboard-motd-changes";

  /** A domain's message of the day changed on node {@code origin} (Jackson CBOR). */
  public record Changed(String origin, String domain) implements CborSerializable {}

  private MotdWiring() {}

  /**
   * Starts this node's cache on the cluster's Cassandra, with the TTL of
   * {@code switchboard.adhoc.motd-cache-ttl}.
   */
  public static CachedMotd start(ActorSystem<?> system, io.switchboard.persistence.Persistence persistence, Clock clock) {
    return start(system, MotdStore.cassandra(persistence.session(), persistence.settings()), clock,
        io.switchboard.sharding.admin.AdminSettings.fromConfig(system.settings().config()).motdCacheTtl());
  }

  /** Starts this node's cache and its subscription; {@code ttl} bounds what a node that missed a change serves. */
  public static CachedMotd start(ActorSystem<?> system, MotdStore store, Clock clock, Duration ttl) {
    String self = UUID.randomUUID().toString();
    AtomicReference<Consumer<Changed>> publish = new AtomicReference<>();
    CachedMotd cache = new CachedMotd(new Stored(store, clock), clock, ttl,
        d -> publish.get().accept(new Changed(self, d.toString())));
    publish.set(ClusterBroadcast.start(system, TOPIC, Changed.class, m -> !self.equals(m.origin()),
        m -> Jids.parse(m.domain()).filter(j -> j.isDomainBareJid())
            .ifPresent(j -> cache.forget(j.asDomainBareJid()))));
    return cache;
  }

  /** {@link MotdTexts} straight on the store. */
  private record Stored(MotdStore store, Clock clock) implements MotdTexts {
    @Override
    public CompletionStage<Optional<String>> current(DomainBareJid domain) {
      return store.get(domain.toString());
    }

    @Override
    public CompletionStage<Void> set(DomainBareJid domain, String text) {
      return store.put(domain.toString(), text, clock.instant());
    }

    @Override
    public CompletionStage<Void> delete(DomainBareJid domain) {
      return store.delete(domain.toString());
    }
  }
}
