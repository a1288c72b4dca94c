package io.switchboard.node;

import io.switchboard.node.offline.CassandraOfflineMessages;
import io.switchboard.sharding.SwitchboardSharding;
import io.switchboard.sharding.caps.ReplicatedCapsDirectory;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.router.Router;
import io.switchboard.sharding.session.IdlePassivation;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharded user sessions: started once every module is known, and told to passivate the idle
 * ones when the node stops, before sharding hands their shards off.
 */
final class UserSessions {
  // The node's own logger, so the lines keep their logger name.
  private static final Logger log = LoggerFactory.getLogger(SwitchboardNode.class);
  private static final Duration IDLE_PASSIVATION_WITHIN = Duration.ofSeconds(4);

  /**
   * Offline messages read and delivered per page; the next page follows once this one was
   * acknowledged, so a backlog never fills a client's XEP-0198 window (max-unacked, 1000).
   */
  private static final int OFFLINE_FETCH_LIMIT = 100;

  private UserSessions() {}

  static void start(NodeCore core, Router router, PubSubParts pubsub, Modules modules) {
    SwitchboardSharding.startSessions(core.system(), router, pubsub.sharding(), pubsub.quotas(),
        new SwitchboardSharding.Ports(
            core.metrics().offline(new CassandraOfflineMessages(core.persistence().offline(), OFFLINE_FETCH_LIMIT)),
            core.clock(), core.persistence().accounts()::createdAt, pubsub.pubsub(),
            new ReplicatedCapsDirectory(core.system()), modules, core.metrics().lifecycle("session")));
    core.metrics().watchEntities(core.system(), UserSession.TYPE_KEY, "session");
    log.info("Modules: {}", modules.all().stream().map(Module::name).toList());
  }

  /**
   * After the streams are gone, before sharding hands the shards off: sessions with no resource
   * passivate, so remember-entities does not start them again at the next start (or on the node
   * that takes their shard). Within Pekko's 5 s phase timeout.
   */
  static void passivateIdleOnShutdown(NodeCore core) {
    core.lifecycle().task(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "passivate-idle-sessions", () ->
        IdlePassivation.passivate(
                core.system(), UserSession.TYPE_KEY, UserSession.Idle.INSTANCE, IDLE_PASSIVATION_WITHIN)
            .thenApply(r -> {
              log.info("Idle sessions passivated before the hand-off: {} of {} entities here "
                  + "({} stay, with a resource bound)", r.before() - r.after(), r.before(), r.after());
              return r;
            }));
  }
}
