package io.switchboard.bench.cli;

import io.switchboard.bench.run.LoadConfig;
import io.switchboard.bench.run.Loopback;
import io.switchboard.bench.run.SourceAddresses;
import io.switchboard.bench.sasl.AuthMechanism;
import io.switchboard.bench.scenario.MucSettings;
import io.switchboard.bench.scenario.ScenarioSettings;
import io.switchboard.bench.scenario.Scenarios;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the generator's options ({@code --name value} or {@code --name=value}) into a
 * {@link LoadConfig} plus output settings. Unknown options and bad values fail with a message
 * naming the option.
 */
public record CommandLine(LoadConfig config, Path outDir, String label, boolean quiet, boolean plots, boolean help) {

  public static final String USAGE = """
      Usage: LoadGenerator [options]      (loopback targets only; accounts must exist)
      Target and accounts:
        --server HOST:PORT[,HOST:PORT..]  c2s endpoints, sessions spread round-robin  [127.0.0.1:5222]
        --domain D                        XMPP domain                                  [example.test]
        --users N                         total users over all shards                  [100]
        --first-user N                    first account number                         [1]
        --shard I/N                       this process takes slice I (1-based) of N    [1/1]
        --user-prefix P / --password-prefix P   account P<n>@domain, password P<n>    [user / pass]
        --resource R                                                                   [bench]
      Login:
        --auth plain|scram-sha-1|scram-sha-256|scram-sha-512                           [plain]
        --tls none|starttls               STARTTLS before SASL                         [none]
        --tls-pin SHA256HEX               pin the server certificate (default: trust any, loopback only)
        --scram-cache FILE                keep SCRAM ClientKey/ServerKey across runs (skips client PBKDF2)
        --roster-get true|false           fetch the roster before initial presence     [true]
        --login-rate R                    connection attempts per second               [200]
        --max-pending N                   most logins in progress at once              [1000]
        --login-timeout S                 seconds from connect to initial presence     [30]
        --source-ips A-B|A,B,..           local addresses to bind (loopback)           [127.0.0.2-127.0.0.9]
        --threads N                       event-loop threads                           [1]
      Scenario:
        --scenario NAME                   %-44s [idle]
        --duration S                      measured phase in seconds                    [30]
        --settle S                        pause after the ramp                         [2]
        --drain S                         longest wait for in-flight stanzas           [5]
        --rate R                          stanzas per second per online user (chat, presence);
                                          pubsub: items per second of the one publisher;
                                          muc: groupchat messages per second in total  [1]
        --size N                          message body / status size in characters     [64]
        --targets local|all               chat recipients: online in this process, or any user of the run [local]
        --contacts N                      presence: roster size (ring neighbours)      [10]
        --subscribe true|false            presence: subscribe to contacts at login     [true]
        --pubsub-service JID              pubsub: the pub-sub service                  [pubsub.<domain>]
        --pubsub-node NAME                pubsub: the node (created by the first user) [bench]
        --muc-service JID                 muc: the MUC service                         [conference.<domain>]
        --room-size N                     muc: occupants per room                      [10]
        --rooms N                         muc: rooms (users beyond rooms x size stay out) [10]
        --room-prefix P                   muc: rooms are P-s<size>-<i>                 [bench]
        --steps N                         muc: the rate rises in N steps, step k sends k x rate [1]
        --step-seconds S                  muc: length of one step                      [30]
        --join-timeout S                  muc: a session not in its room by then failed [120]
      Output:
        --server-pid PID                  sample the server's RSS and CPU from /proc
        --out DIR                         summary.txt, result.json, *.png              [bench-results/<time>-<scenario>]
        --label TEXT                      free text in the summary and JSON
        --no-plots                        skip the PNG plots
        --quiet                           no per-second progress lines
        --help
      LoadGenerator --merge DIR1/result.json DIR2/result.json ...   combined summary of the shards of one run
      """;

  public static CommandLine parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (FLAGS.contains(name)) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!FLAGS.contains(name) && !VALUED.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
      }
      opts.put(name, value);
    }
    if (opts.containsKey("help")) {
      return new CommandLine(null, null, "", false, false, true);
    }
    LoadConfig.Builder b = LoadConfig.builder();
    Options o = new Options(opts);
    o.ifPresent("server", v -> b.servers(servers(v)));
    o.ifPresent("domain", b::domain);
    o.ifPresent("users", v -> b.users(o.integer("users")));
    o.ifPresent("first-user", v -> b.firstUser(o.integer("first-user")));
    o.ifPresent("shard", v -> {
      String[] p = v.split("/");
      if (p.length != 2) {
        throw new IllegalArgumentException("--shard must be I/N, e.g. 2/4");
      }
      b.shard(o.integer("shard", p[0]), o.integer("shard", p[1]));
    });
    o.ifPresent("user-prefix", b::userPrefix);
    o.ifPresent("password-prefix", b::passwordPrefix);
    o.ifPresent("resource", b::resource);
    o.ifPresent("auth", v -> b.mechanism(AuthMechanism.parse(v)));
    o.ifPresent("tls", v -> b.startTls(switch (v.toLowerCase(Locale.ROOT)) {
      case "none" -> false;
      case "starttls" -> true;
      default -> throw new IllegalArgumentException("--tls must be none or starttls");
    }));
    o.ifPresent("tls-pin", b::tlsPin);
    o.ifPresent("scram-cache", v -> b.scramKeyFile(Path.of(v)));
    o.ifPresent("roster-get", v -> b.rosterGet(o.bool("roster-get")));
    o.ifPresent("login-rate", v -> b.loginRate(o.decimal("login-rate")));
    o.ifPresent("max-pending", v -> b.maxPendingLogins(o.integer("max-pending")));
    o.ifPresent("login-timeout", v -> b.loginTimeout(o.seconds("login-timeout")));
    o.ifPresent("source-ips", v -> b.sourceAddresses(SourceAddresses.parse(v)));
    o.ifPresent("threads", v -> b.threads(o.integer("threads")));
    o.ifPresent("scenario", b::scenario);
    o.ifPresent("duration", v -> b.duration(o.seconds("duration")));
    o.ifPresent("settle", v -> b.settle(o.seconds("settle")));
    o.ifPresent("drain", v -> b.drain(o.seconds("drain")));
    o.ifPresent("rate", v -> b.ratePerUser(o.decimal("rate")));
    o.ifPresent("size", v -> b.payloadChars(o.integer("size")));
    o.ifPresent("targets", v -> b.targets(ScenarioSettings.Targets.valueOf(v.toUpperCase(Locale.ROOT))));
    o.ifPresent("contacts", v -> b.contacts(o.integer("contacts")));
    o.ifPresent("subscribe", v -> b.subscribe(o.bool("subscribe")));
    o.ifPresent("pubsub-service", b::pubsubService);
    o.ifPresent("pubsub-node", b::pubsubNode);
    MucSettings m = b.muc();
    b.muc(new MucSettings(opts.getOrDefault("muc-service", m.service()),
        opts.containsKey("room-size") ? o.integer("room-size") : m.roomSize(),
        opts.containsKey("rooms") ? o.integer("rooms") : m.rooms(),
        opts.getOrDefault("room-prefix", m.roomPrefix()),
        opts.containsKey("steps") ? o.integer("steps") : m.steps(),
        opts.containsKey("step-seconds") ? o.decimal("step-seconds") : m.stepSeconds(),
        opts.containsKey("join-timeout") ? o.integer("join-timeout") : m.joinTimeoutSeconds()));
    o.ifPresent("server-pid", v -> b.serverPid(o.integer("server-pid")));
    LoadConfig config = b.build();
    Path out = opts.containsKey("out") ? Path.of(opts.get("out"))
        : Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + "-" + config.scenario() + (config.users().shardCount() < config.users().totalUsers()
            ? "-shard" + opts.get("shard").replace("/", "of") : ""));
    return new CommandLine(config, out, opts.getOrDefault("label", ""), opts.containsKey("quiet"),
        !opts.containsKey("no-plots"), false);
  }

  public static String usage() {
    return USAGE.formatted(String.join("|", Scenarios.names()));
  }

  private static final List<String> FLAGS = List.of("help", "quiet", "no-plots");
  private static final List<String> VALUED = List.of("server", "domain", "users", "first-user", "shard",
      "user-prefix", "password-prefix", "resource", "auth", "tls", "tls-pin", "scram-cache", "roster-get", "login-rate",
      "max-pending", "login-timeout", "source-ips", "threads", "scenario", "duration", "settle", "drain", "rate",
      "size", "targets", "contacts", "subscribe", "pubsub-service", "pubsub-node", "muc-service", "room-size", "rooms", "room-prefix", "steps", "step-seconds",
      "join-timeout", "server-pid", "out", "label");

  static List<InetSocketAddress> servers(String spec) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      int colon = part.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--server must be HOST:PORT, got '" + part + "'");
      }
      int port;
      try {
        port = Integer.parseInt(part.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--server port is not a number: '" + part + "'");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--server port out of range: " + port);
      }
      out.add(new InetSocketAddress(Loopback.require(part.substring(0, colon), "--server"), port));
    }
    return out;
  }

  /** Typed access to the raw option values, with errors naming the option. */
  private record Options(Map<String, String> values) {
    void ifPresent(String name, java.util.function.Consumer<String> action) {
      String v = values.get(name);
      if (v != null) {
        try {
          action.accept(v);
        } catch (IllegalArgumentException e) {
          throw e.getMessage() != null && e.getMessage().contains("--") ? e
              : new IllegalArgumentException("--" + name + ": " + e.getMessage());
        }
      }
    }

    int integer(String name) {
      return integer(name, values.get(name));
    }

    int integer(String name, String v) {
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'");
      }
    }

    double decimal(String name) {
      try {
        return Double.parseDouble(values.get(name).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a number, got '" + values.get(name) + "'");
      }
    }

    Duration seconds(String name) {
      return Duration.ofMillis(Math.round(decimal(name) * 1000));
    }

    boolean bool(String name) {
      return switch (values.get(name).toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("--" + name + " must be true or false");
      };
    }
  }
}
