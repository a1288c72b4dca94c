package io.switchboard.node.admin;

import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.sharding.admin.AdHocCommands;
import io.switchboard.sharding.admin.AdminOperations;
import io.switchboard.sharding.admin.AdminSettings;
import io.switchboard.sharding.admin.OnlineUsers;
import io.switchboard.sharding.router.Router;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;

/** Wires the XEP-0050/XEP-0133 module of a node: settings, this node's online-users agent, accounts. */
public final class AdminCommands {
  private AdminCommands() {}

  /**
   * The module, reading {@code switchboard.admins} and {@code switchboard.adhoc} (an invalid value
   * fails naming its key). {@code kdf} derives the SCRAM keys of the passwords admins set.
   */
  public static AdHocCommands start(ActorSystem<?> system, Router router, AccountStore accounts, KeyDerivation kdf,
      Clock clock) {
    AdminSettings settings = AdminSettings.fromConfig(system.settings().config());
    OnlineUsers online = OnlineUsers.start(system, settings.clusterTimeout());
    AdminOperations operations = new AdminOperations(router.domain(),
        new StoreAccountAdmin(accounts, kdf, router), online, router, settings.clusterTimeout());
    return new AdHocCommands(router.domain(), settings, operations, clock);
  }
}
