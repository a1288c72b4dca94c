package io.switchboard.node;

import com.typesafe.config.Config;
import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.lifecycle.Lifecycle;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.node.stream.C2sSettings;
import io.switchboard.persistence.Persistence;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jxmpp.jid.DomainBareJid;

/**
 * What every wiring step after the cluster join reads: the node's own config ({@code config}, as
 * given) and the ActorSystem's ({@link #systemConfig}, with Pekko's and the modules' defaults),
 * the stores, the shutdown registry, the clock and the metrics.
 */
record NodeCore(
    Config config,
    NodeSettings settings,
    C2sSettings c2sSettings,
    Persistence persistence,
    ActorSystem<Void> system,
    Lifecycle lifecycle,
    Clock clock,
    NodeMetrics metrics) {

  DomainBareJid domain() {
    return settings.domain();
  }

  Config systemConfig() {
    return system.settings().config();
  }
}
