package io.switchboard.node;

import io.switchboard.node.admin.AdminCommands;
import io.switchboard.node.admin.AdminRoutes;
import io.switchboard.node.admin.MotdWiring;
import io.switchboard.node.admin.WelcomeWiring;
import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.sharding.admin.AdminOperations;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.motd.CachedMotd;
import io.switchboard.sharding.motd.MotdAtLogin;
import io.switchboard.sharding.router.Router;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * XEP-0050/XEP-0133 administration at the domain (issue #21): one set of operations for both the
 * ad-hoc commands and the admin HTTP API, and the message of the day sent at login.
 *
 * @param modules the message of the day at login, then the ad-hoc commands (in this order)
 */
record AdminParts(AdminOperations operations, List<Module> modules) {

  static AdminParts start(NodeCore core, Router router) {
    // Its own small SCRAM pool.
    KeyDerivation adminKdf = new KeyDerivation(1, 4);
    core.lifecycle().task(CoordinatedShutdown.PhaseServiceStop(), "admin-kdf-close", () -> {
      adminKdf.close();
      return CompletableFuture.completedFuture(null);
    });
    // The message of the day (XEP-0133 set/edit/delete-motd): Cassandra, cached per node, sent at login.
    CachedMotd motd = MotdWiring.start(core.system(), core.persistence(), core.clock());
    Module motdAtLogin = new MotdAtLogin(motd);
    AdminOperations operations =
        AdminCommands.operations(core.system(), router, core.persistence().accounts(), adminKdf, motd,
            WelcomeWiring.start(core.persistence(), core.clock()));
    Module commands = AdminCommands.module(core.system(), router, operations, core.clock());
    AdminRoutes.register(core.system(), operations);
    return new AdminParts(operations, List.of(motdAtLogin, commands));
  }
}
