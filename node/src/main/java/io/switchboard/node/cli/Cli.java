package io.switchboard.node.cli;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.api.TokenAdmin;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.persistence.PersistenceException;
import io.switchboard.protocol.jid.Jids;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** The administration commands behind {@code ./switchboard}; {@code start} is {@code Main}. */
public final class Cli {
  private Cli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, new PasswordInput(System.in, PasswordInput.Terminal.system(), err), out, err);
  }

  static int run(String[] args, PasswordInput passwords, PrintStream out, PrintStream err) {
    Jids.init();
    if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
      out.print(Help.TEXT);
      return args.length == 0 ? AccountCommand.USAGE : AccountCommand.OK;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (command) {
        case "adduser", "deluser", "passwd" ->
            new AccountCommand(ConfigFactory.load(), out, err, passwords).run(command, rest);
        case "bulk-adduser" -> new BulkAddUsers(ConfigFactory.load(), out, err).run(rest);
        case "token" -> new TokenAdmin(ConfigFactory.load(), out, err, Clock.systemUTC()).run(rest);
        case "secrets" -> new SecretsCommand(out, err).run(rest);
        case "invite" -> new InviteCommand(ConfigFactory.load(), out, err, Clock.systemUTC()).run(rest);
        default -> {
          err.println("switchboard: unknown command '" + command + "' (see ./switchboard --help)");
          yield AccountCommand.USAGE;
        }
      };
    } catch (InvalidSettingException | IllegalArgumentException e) {
      err.println("switchboard: invalid configuration: " + e.getMessage());
      return AccountCommand.USAGE;
    } catch (PersistenceException e) {
      err.println("switchboard: " + e.getMessage());
      return AccountCommand.UNREACHABLE;
    }
  }
}
