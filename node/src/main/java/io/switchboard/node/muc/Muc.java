package io.switchboard.node.muc;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.muc.MucRoomStore;
import io.switchboard.sharding.mam.MamSettings;
import io.switchboard.sharding.mam.MessageArchive;
import io.switchboard.sharding.mam.RoomArchiveQueries;
import io.switchboard.sharding.muc.MucService;
import io.switchboard.sharding.muc.MucSettings;
import io.switchboard.sharding.muc.RoomCounts;
import io.switchboard.sharding.muc.ShardedSessionCheck;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.DomainBareJid;

/** Starts the multi-user chat service of a node over its storage (issue #17). */
public final class Muc {
  private Muc() {}

  /**
   * The service for {@code domain}, its rooms registered with sharding on this node; rooms answer
   * XEP-0313 queries from {@code mamArchive} (null: the node runs no XEP-0313, and rooms answer none)
   * and count into {@code counts}, and tell {@code lifecycle} of their recoveries and passivations.
   */
  public static MucService start(ActorSystem<?> system, MucSettings settings, DomainBareJid domain,
      Persistence persistence, MessageArchive mamArchive, MamSettings mam, StanzaRouting routing, Clock clock,
      int numberOfShards, RoomCounts counts, io.switchboard.sharding.EntityLifecycle lifecycle) {
    RoomArchiveQueries queries = mamArchive == null ? null : new RoomArchiveQueries(mamArchive, mam);
    return MucService.init(system, numberOfShards, new MucService.Dependencies(domain.toString(), settings,
        new ArchiveRoomArchive(persistence.archive(), queries, mam == null ? 0 : mam.retentionSeconds()),
        new CassandraRoomDirectory(MucRoomStore.cassandra(persistence.session(), persistence.settings())),
        new ShardedSessionCheck(ClusterSharding.get(system), domain.toString(), settings.askTimeout()),
        routing, clock, counts, lifecycle));
  }
}
