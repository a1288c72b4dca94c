package io.switchboard.node.admin;

import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.sharding.admin.AdHocCommands;
import io.switchboard.sharding.admin.AdminOperations;
import io.switchboard.sharding.admin.AdminSettings;
import io.switchboard.sharding.admin.OnlineUsers;
import io.switchboard.sharding.admin.WelcomeTexts;
import io.switchboard.sharding.motd.MotdTexts;
import io.switchboard.sharding.router.Router;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;

/** Wires the XEP-0050/XEP-0133 module of a node: settings, this node's online-users agent, accounts. */
public final class AdminCommands {
  private AdminCommands() {}

  /**
   * The operations both front ends use (XEP-0133 here, the admin HTTP API in {@code node/.../api}),
   * once per node: starts this node's online-users agent. Reads {@code switchboard.adhoc} (an
   * invalid value fails naming its key). {@code kdf} derives the SCRAM keys of the passwords admins set;
   * {@code motd} is the cluster's message of the day ({@link MotdWiring}), {@code welcome} its
   * welcome message ({@link WelcomeWiring}).
   */
  public static AdminOperations operations(ActorSystem<?> system, Router router, AccountStore accounts,
      KeyDerivation kdf, MotdTexts motd, WelcomeTexts welcome) {
    AdminSettings settings = AdminSettings.fromConfig(system.settings().config());
    OnlineUsers online = OnlineUsers.start(system, settings.clusterTimeout());
    return new AdminOperations(router.domain(), new StoreAccountAdmin(accounts, kdf, router), online, router,
        settings.clusterTimeout(), motd, welcome);
  }

  /** The XEP-0050/XEP-0133 module over {@code operations}, reading {@code switchboard.admins}. */
  public static AdHocCommands module(ActorSystem<?> system, Router router, AdminOperations operations, Clock clock) {
    return new AdHocCommands(router.domain(), AdminSettings.fromConfig(system.settings().config()), operations, clock);
  }
}
