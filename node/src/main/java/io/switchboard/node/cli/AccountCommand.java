package io.switchboard.node.cli;

import com.typesafe.config.Config;
import io.switchboard.node.config.NodeSettings;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.account.AccountExistsException;
import io.switchboard.persistence.account.AccountNotFoundException;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.jid.Jids;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * {@code adduser}, {@code deluser} and {@code passwd}: account administration against the same
 * Cassandra a running node uses (its embedded one, or the configured contact points).
 */
final class AccountCommand {
  static final int OK = 0;
  static final int ACCOUNT_STATE = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  private final Config config;
  private final PrintStream out;
  private final PrintStream err;
  private final PasswordInput passwords;

  AccountCommand(Config config, PrintStream out, PrintStream err, PasswordInput passwords) {
    this.config = config;
    this.out = out;
    this.err = err;
    this.passwords = passwords;
  }

  int run(String command, List<String> args) {
    boolean deluser = command.equals("deluser");
    if (args.isEmpty() || (deluser && args.size() != 1) || args.size() > 2) {
      err.println("usage: switchboard " + command
          + (deluser ? " JID" : " JID [" + PasswordInput.STDIN_FLAG + "]   (no password: asked without echo)"));
      return USAGE;
    }
    NodeSettings settings = NodeSettings.fromConfig(config);
    Optional<Jid> parsed = Jids.parse(args.get(0));
    EntityBareJid user = parsed.map(Jid::asEntityBareJidIfPossible).orElse(null);
    if (user == null || parsed.get().hasResource()) {
      err.println("switchboard: '" + args.get(0) + "' is not a bare JID like user@" + settings.domain());
      return USAGE;
    }
    if (!user.asDomainBareJid().equals(settings.domain())) {
      err.println(
          "switchboard: " + user + " is not on this server's domain " + settings.domain()
              + " (SWITCHBOARD_DOMAIN)");
      return USAGE;
    }
    String password = null;
    if (!deluser) {
      PasswordInput.Result r = passwords.read(args.subList(1, args.size()));
      if (r instanceof PasswordInput.Result.Refused refused) {
        err.println("switchboard: " + refused.reason());
        return USAGE;
      }
      password = ((PasswordInput.Result.Password) r).value();
    }
    try (Persistence persistence = Persistence.connect(config)) {
      AccountStore accounts = persistence.accounts();
      switch (command) {
        case "adduser" -> {
          accounts.create(user, password).toCompletableFuture().join();
          out.println("added " + user);
        }
        case "deluser" -> {
          accounts.delete(user).toCompletableFuture().join();
          // The user's entity resets its roster and state when it next starts or sees a login.
          persistence.offline().deleteAll(user).toCompletableFuture().join();
          persistence.archive().deleteAll(user).toCompletableFuture().join();
          out.println("deleted " + user);
        }
        case "passwd" -> {
          accounts.changePassword(user, password).toCompletableFuture().join();
          out.println("changed the password of " + user);
        }
        default -> throw new IllegalArgumentException(command);
      }
      return OK;
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AccountExistsException) {
        err.println("switchboard: " + user + " already exists");
        return ACCOUNT_STATE;
      }
      if (cause instanceof AccountNotFoundException) {
        err.println("switchboard: " + user + " does not exist");
        return ACCOUNT_STATE;
      }
      err.println("switchboard: " + command + " failed: " + cause.getMessage());
      return UNREACHABLE;
    }
  }
}
