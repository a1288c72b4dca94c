package io.switchboard.node.s2s;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.remotepresence.PeerStreams;
import io.switchboard.sharding.s2s.RemoteDomain;
import io.switchboard.sharding.s2s.RemoteDomainKey;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What a node's s2s streams tell the cluster: answers to the {@link RemoteDomain} entities'
 * pings and pings asked for an incoming stream (both to the entity of the domain pair, wherever it
 * runs), and the incoming streams' lives and our outgoing streams' authentication
 * ({@link PeerStreams}, for unavailable presence when a remote domain is lost, and its return).
 * Thread-safe.
 */
interface S2sCluster {

  void pingAnswered(String local, String remote, String id);

  void sendPing(String local, String remote, String id);

  /** Incoming stream {@code id} carries {@code remote} (authenticated, or still open). */
  void streamUp(String remote, String id);

  void streamDown(String remote, String id, boolean lost);

  /** Our outgoing stream from {@code local} authenticated to {@code remote} (a lost peer's return). */
  void outboundUp(String local, String remote);

  /** Through cluster sharding. */
  static S2sCluster of(ClusterSharding sharding) {
    return new S2sCluster() {
      @Override
      public void pingAnswered(String local, String remote, String id) {
        pair(local, remote).tell(new RemoteDomain.PingAnswered(id));
      }

      @Override
      public void sendPing(String local, String remote, String id) {
        pair(local, remote).tell(new RemoteDomain.SendPing(id));
      }

      @Override
      public void streamUp(String remote, String id) {
        sharding.entityRefFor(PeerStreams.TYPE_KEY, remote).tell(new PeerStreams.StreamUp(id));
      }

      @Override
      public void streamDown(String remote, String id, boolean lost) {
        sharding.entityRefFor(PeerStreams.TYPE_KEY, remote).tell(new PeerStreams.StreamDown(id, lost));
      }

      @Override
      public void outboundUp(String local, String remote) {
        sharding.entityRefFor(PeerStreams.TYPE_KEY, remote).tell(new PeerStreams.OutboundUp(local));
      }

      private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<RemoteDomain.Command> pair(String local,
          String remote) {
        RemoteDomainKey key = new RemoteDomainKey(Jids.domain(local), Jids.domain(remote));
        return sharding.entityRefFor(RemoteDomain.TYPE_KEY, key.entityId());
      }
    };
  }
}
