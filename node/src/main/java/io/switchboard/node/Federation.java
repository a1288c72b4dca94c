package io.switchboard.node;

import io.switchboard.node.lifecycle.Listener;
import io.switchboard.node.s2s.DialbackSecrets;
import io.switchboard.node.s2s.S2sServer;
import io.switchboard.node.s2s.S2sSettings;
import io.switchboard.node.status.NodeStatus;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.remotepresence.PeerStreams;
import io.switchboard.sharding.s2s.RemoteDomain;
import io.switchboard.sharding.s2s.RemoteDomainKey;
import io.switchboard.sharding.s2s.RemoteDomainSettings;
import io.switchboard.sharding.s2s.S2sPing;
import java.time.Duration;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Server-to-server federation (issue #20): the s2s server and the sharded entities of outgoing
 * streams (RemoteDomain) and of remote peers' presence (PeerStreams), created before the client
 * listeners; the s2s port binds last.
 */
final class Federation {
  private Federation() {}

  /** The s2s server, not yet bound, and its entities; null when federation is off. */
  static S2sServer create(
      NodeCore core, NodeTls tls, Routing routing, HostedServices hosted, FeatureModules features, int shards) {
    S2sSettings s2sSettings = hosted.s2sSettings();
    if (!s2sSettings.enabled()) {
      return null;
    }
    ActorSystem<Void> system = core.system();
    S2sPing s2sPing = S2sPing.fromConfig(core.systemConfig());
    S2sServer s2s = S2sServer.create(new S2sServer.Dependencies(s2sSettings,
        hosted.hostedDomains().stream().map(Object::toString).collect(Collectors.toSet()), tls.tls(),
        DialbackSecrets.fromConfig(core.config(), s2sSettings), routing.router(), core.clock(), s2sPing,
        ClusterSharding.get(system), core.metrics().s2s()));
    RemoteDomain.init(system, shards, new RemoteDomain.Deps(s2s.links(), routing.router(), core.clock(),
        RemoteDomainSettings.fromConfig(core.systemConfig()), s2sPing));
    PeerStreams.init(system, shards,
        new PeerStreams.Deps(features.remotePresence().topic(), s2sPing, features.presenceLoss(),
            core.clock(), (remote, id) -> ClusterSharding.get(system).entityRefFor(RemoteDomain.TYPE_KEY,
                new RemoteDomainKey(core.domain(), Jids.domain(remote)).entityId())
                .tell(new RemoteDomain.SendPing(id))));
    return s2s;
  }

  /** Binds the s2s port, drained with the node; nothing when {@code s2s} is null. */
  static void bind(NodeCore core, S2sServer s2s) {
    if (s2s == null) {
      return;
    }
    s2s.bind(core.settings().bind(), core.settings().ports().s2s());
    NodeStatus.get(core.system()).registerS2s(() -> s2s.streams().list());
    core.lifecycle().listener("s2s", Listener.of(s2s::stopAccepting, () -> s2s.closeAllStreams(Duration.ofSeconds(5)), s2s::close));
  }
}
