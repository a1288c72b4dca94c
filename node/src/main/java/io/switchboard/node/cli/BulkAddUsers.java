package io.switchboard.node.cli;

import com.typesafe.config.Config;
import io.switchboard.node.config.NodeSettings;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.account.AccountExistsException;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.ScramCredentials;
import io.switchboard.protocol.util.Failures;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxmpp.jid.EntityBareJid;

/**
 * {@code bulk-adduser COUNT [PREFIX] [PASSWORD_PREFIX]}: creates PREFIX1..PREFIXCOUNT with
 * passwords PASSWORD_PREFIX1.. (the load tools' convention, default user/pass), skipping accounts
 * that exist. For benchmarks: account creation must not be part of a measured run. The SCRAM
 * derivation (production iteration count) runs on every core.
 */
final class BulkAddUsers {
  private final Config config;
  private final PrintStream out;
  private final PrintStream err;

  BulkAddUsers(Config config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) {
    if (args.isEmpty() || args.size() > 3) {
      err.println("usage: switchboard bulk-adduser COUNT [PREFIX] [PASSWORD_PREFIX]");
      return AccountCommand.USAGE;
    }
    int count;
    try {
      count = Integer.parseInt(args.get(0));
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1 || count > 10_000_000) {
      err.println("switchboard: COUNT must be 1..10000000");
      return AccountCommand.USAGE;
    }
    String prefix = args.size() > 1 ? args.get(1) : "user";
    String passwordPrefix = args.size() > 2 ? args.get(2) : "pass";
    NodeSettings settings = NodeSettings.fromConfig(config);
    AtomicInteger created = new AtomicInteger();
    AtomicInteger existed = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService cpu = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try (Persistence persistence = Persistence.connect(config)) {
      AccountStore accounts = persistence.accounts();
      int window = 256;
      for (int from = 1; from <= count; from += window) {
        int to = Math.min(count, from + window - 1);
        CompletableFuture<?>[] batch = new CompletableFuture<?>[to - from + 1];
        for (int i = from; i <= to; i++) {
          EntityBareJid jid = Jids.bare(prefix + i + "@" + settings.domain());
          String password = passwordPrefix + i;
          batch[i - from] = CompletableFuture
              .supplyAsync(() -> ScramCredentials.deriveAll(password, ScramCredentials.DEFAULT_ITERATIONS), cpu)
              .thenCompose(creds -> accounts.create(jid, creds))
              .handle((ok, e) -> {
                Throwable cause = Failures.cause(e);
                if (cause == null) {
                  created.incrementAndGet();
                } else if (cause instanceof AccountExistsException) {
                  existed.incrementAndGet();
                } else {
                  throw new CompletionException(cause);
                }
                return null;
              });
        }
        CompletableFuture.allOf(batch).join();
      }
    } catch (CompletionException e) {
      err.println("switchboard: bulk-adduser failed: " + e.getCause().getMessage());
      return AccountCommand.UNREACHABLE;
    } finally {
      cpu.shutdownNow();
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    out.printf("created %d, already existed %d, in %d ms%n", created.get(), existed.get(), ms);
    return AccountCommand.OK;
  }
}
