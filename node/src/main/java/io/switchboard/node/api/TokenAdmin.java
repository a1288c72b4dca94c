package io.switchboard.node.api;

import com.typesafe.config.Config;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.token.ApiToken;
import io.switchboard.persistence.token.CreatedToken;
import io.switchboard.persistence.token.TokenExistsException;
import io.switchboard.persistence.token.TokenStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * {@code ./switchboard token create NAME --scope a,b | list | revoke NAME}: API token
 * administration against the node's Cassandra. The secret is printed once, at creation.
 * Exit codes as the other commands: 0 done, 1 the token exists / does not exist, 2 bad usage,
 * 3 Cassandra not reachable.
 */
public final class TokenAdmin {
  public static final String USAGE = "usage: switchboard token create NAME --scope "
      + String.join(",", ApiScope.all()) + " | token list | token revoke NAME";

  private final Config config;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  public TokenAdmin(Config config, PrintStream out, PrintStream err, Clock clock) {
    this.config = config;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public int run(List<String> args) {
    if (args.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    String sub = args.get(0);
    List<String> rest = args.subList(1, args.size());
    Set<String> scopes = null;
    String name = null;
    switch (sub) {
      case "create" -> {
        // Least privilege: a token gets exactly the scopes named, never all of them by default.
        if (rest.size() == 1) {
          err.println("switchboard: name the token's scopes with --scope (any of: "
              + String.join(", ", ApiScope.all()) + ")");
          return 2;
        }
        if (rest.size() != 3 || !rest.get(1).equals("--scope")) {
          err.println(USAGE);
          return 2;
        }
        name = rest.get(0);
        try {
          scopes = ApiScope.parseList(rest.get(2));
        } catch (IllegalArgumentException e) {
          err.println("switchboard: " + e.getMessage());
          return 2;
        }
        if (!TokenStore.validName(name)) {
          err.println("switchboard: a token name is 1-64 letters, digits, '.', '-' or '_'");
          return 2;
        }
      }
      case "revoke" -> {
        if (rest.size() != 1) {
          err.println(USAGE);
          return 2;
        }
        name = rest.get(0);
      }
      case "list" -> {
        if (!rest.isEmpty()) {
          err.println(USAGE);
          return 2;
        }
      }
      default -> {
        err.println(USAGE);
        return 2;
      }
    }
    try (Persistence persistence = Persistence.connect(config)) {
      TokenStore store = TokenStore.cassandra(persistence.session(), persistence.settings(), clock);
      return switch (sub) {
        case "create" -> create(store, name, scopes);
        case "revoke" -> revoke(store, name);
        default -> list(store);
      };
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof TokenExistsException) {
        err.println("switchboard: " + cause.getMessage());
        return 1;
      }
      err.println("switchboard: token " + sub + " failed: " + cause.getMessage());
      return 3;
    }
  }

  private int create(TokenStore store, String name, Set<String> scopes) {
    CreatedToken created = store.create(name, scopes).toCompletableFuture().join();
    out.println("created API token " + name + " with scopes " + String.join(",", new TreeSet<>(scopes)));
    out.println("token (shown only now; store it as a secret):");
    out.println(created.secret());
    return 0;
  }

  private int revoke(TokenStore store, String name) {
    if (store.revoke(name).toCompletableFuture().join()) {
      out.println("revoked API token " + name);
      return 0;
    }
    err.println("switchboard: no API token named " + name);
    return 1;
  }

  private int list(TokenStore store) {
    List<ApiToken> tokens = store.list().toCompletableFuture().join();
    out.printf("%-32s %-36s %s%n", "NAME", "SCOPES", "CREATED");
    for (ApiToken t : tokens) {
      out.printf("%-32s %-36s %s%n", t.name(), String.join(",", new TreeSet<>(t.scopes())),
          DateTimeFormatter.ISO_INSTANT.format(t.created().truncatedTo(ChronoUnit.SECONDS)));
    }
    return 0;
  }
}
