package io.switchboard.bench.run;

import io.switchboard.bench.client.ClientSettings;
import io.switchboard.bench.client.Credentials;
import io.switchboard.bench.sasl.AuthMechanism;
import io.switchboard.bench.sasl.ScramKeyCache;
import io.switchboard.bench.scenario.MucSettings;
import io.switchboard.bench.scenario.ScenarioSettings;
import io.switchboard.bench.scenario.Scenarios;
import io.switchboard.bench.scenario.UserRange;
import io.switchboard.protocol.stream.DecoderLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one generator process does, validated. Build with {@link #builder()}; every phase is
 * bounded: the ramp by {@link #rampDeadline()}, the scenario by {@code duration}, the drain and
 * the close by their own limits.
 *
 * @param servers c2s endpoints (loopback only); sessions are spread over them round-robin
 * @param client login settings
 * @param tlsPinSha256 pinned server certificate fingerprint for STARTTLS, or null to trust any
 * @param users the whole user range and this process's shard
 * @param loginRate connection attempts per second during the ramp
 * @param maxPendingLogins most logins in progress at once (the ramp waits beyond it)
 * @param scenario scenario name ({@link Scenarios})
 * @param scenarioSettings scenario knobs
 * @param settle pause between the end of the ramp and the measured phase
 * @param duration the measured phase
 * @param drain longest wait for in-flight stanzas after the measured phase
 * @param threads event-loop threads
 * @param sourceAddresses local addresses to bind to, round-robin (loopback only)
 * @param serverPid server process to sample from /proc, or 0
 * @param sampleInterval time-series resolution
 * @param scramKeyFile file to load SCRAM keys from before the run and save them to after, or null
 */
public record LoadConfig(
    List<InetSocketAddress> servers,
    ClientSettings client,
    String tlsPinSha256,
    UserRange users,
    double loginRate,
    int maxPendingLogins,
    String scenario,
    ScenarioSettings scenarioSettings,
    Duration settle,
    Duration duration,
    Duration drain,
    int threads,
    List<InetAddress> sourceAddresses,
    long serverPid,
    Duration sampleInterval,
    Path scramKeyFile) {

  /** Longest allowed measured phase. */
  public static final Duration MAX_DURATION = Duration.ofHours(2);

  public LoadConfig {
    servers = List.copyOf(servers);
    sourceAddresses = List.copyOf(sourceAddresses);
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(scenarioSettings, "scenarioSettings");
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no server given");
    }
    for (InetSocketAddress s : servers) {
      if (s.getAddress() == null || !s.getAddress().isLoopbackAddress()) {
        throw new IllegalArgumentException("server " + s + " is not a loopback address: refused");
      }
    }
    for (InetAddress a : sourceAddresses) {
      if (!a.isLoopbackAddress()) {
        throw new IllegalArgumentException("source address " + a + " is not loopback: refused");
      }
    }
    if (!(loginRate > 0 && loginRate <= 100_000)) {
      throw new IllegalArgumentException("login rate must be in (0, 100000] per second");
    }
    if (maxPendingLogins < 1) {
      throw new IllegalArgumentException("max pending logins must be positive");
    }
    Scenarios.create(scenario, scenarioSettings); // validates the name
    requireRange(settle, Duration.ZERO, Duration.ofMinutes(10), "settle");
    requireRange(duration, Duration.ZERO, MAX_DURATION, "duration");
    requireRange(drain, Duration.ZERO, Duration.ofMinutes(5), "drain");
    requireRange(sampleInterval, Duration.ofMillis(100), Duration.ofMinutes(1), "sample interval");
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("threads must be in [1, 64]");
    }
    if (serverPid < 0) {
      throw new IllegalArgumentException("server pid must be positive");
    }
  }

  /**
   * The latest moment (relative to the ramp's start) by which the ramp gives up: three times the
   * nominal ramp plus one login timeout and 10 s.
   */
  public Duration rampDeadline() {
    double nominalSeconds = users.shardCount() / loginRate;
    return Duration.ofMillis((long) (nominalSeconds * 3000)).plus(client.loginTimeout()).plusSeconds(10);
  }

  private static void requireRange(Duration d, Duration min, Duration max, String name) {
    Objects.requireNonNull(d, name);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: 127.0.0.1:5222, example.test, user1..user100 / pass1.., PLAIN without TLS, idle. */
  public static final class Builder {
    private List<InetSocketAddress> servers = List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5222));
    private String domain = "example.test";
    private String userPrefix = "user";
    private String passwordPrefix = "pass";
    private String resource = "bench";
    private AuthMechanism mechanism = AuthMechanism.PLAIN;
    private boolean startTls;
    private String tlsPin;
    private boolean rosterGet = true;
    private Duration loginTimeout = Duration.ofSeconds(30);
    private int firstUser = 1;
    private int users = 100;
    private int shardIndex = 1;
    private int shards = 1;
    private double loginRate = 200;
    private int maxPendingLogins = 1000;
    private String scenario = "idle";
    private double ratePerUser = 1.0;
    private int payloadChars = 64;
    private ScenarioSettings.Targets targets = ScenarioSettings.Targets.LOCAL;
    private int contacts = 10;
    private boolean subscribe = true;
    private String pubsubService;
    private String pubsubNode = "bench";
    private MucSettings muc = MucSettings.DEFAULT;
    private Duration settle = Duration.ofSeconds(2);
    private Duration duration = Duration.ofSeconds(30);
    private Duration drain = Duration.ofSeconds(5);
    private int threads = 1;
    private List<InetAddress> sourceAddresses = SourceAddresses.parse("127.0.0.2-127.0.0.9");
    private long serverPid;
    private Duration sampleInterval = Duration.ofSeconds(1);
    private Path scramKeyFile;

    public Builder servers(List<InetSocketAddress> v) { servers = v; return this; }
    public Builder server(String host, int port) { servers = List.of(new InetSocketAddress(Loopback.require(host, "server"), port)); return this; }
    public Builder domain(String v) { domain = v; return this; }
    public Builder userPrefix(String v) { userPrefix = v; return this; }
    public Builder passwordPrefix(String v) { passwordPrefix = v; return this; }
    public Builder resource(String v) { resource = v; return this; }
    public Builder mechanism(AuthMechanism v) { mechanism = v; return this; }
    public Builder startTls(boolean v) { startTls = v; return this; }
    public Builder tlsPin(String v) { tlsPin = v; return this; }
    public Builder rosterGet(boolean v) { rosterGet = v; return this; }
    public Builder loginTimeout(Duration v) { loginTimeout = v; return this; }
    public Builder firstUser(int v) { firstUser = v; return this; }
    public Builder users(int v) { users = v; return this; }
    public Builder shard(int index, int count) { shardIndex = index; shards = count; return this; }
    public Builder loginRate(double v) { loginRate = v; return this; }
    public Builder maxPendingLogins(int v) { maxPendingLogins = v; return this; }
    public Builder scenario(String v) { scenario = v; return this; }
    public Builder ratePerUser(double v) { ratePerUser = v; return this; }
    public Builder payloadChars(int v) { payloadChars = v; return this; }
    public Builder targets(ScenarioSettings.Targets v) { targets = v; return this; }
    public Builder contacts(int v) { contacts = v; return this; }
    public Builder subscribe(boolean v) { subscribe = v; return this; }
    public Builder pubsubService(String v) { pubsubService = v; return this; }
    public Builder pubsubNode(String v) { pubsubNode = v; return this; }
    public Builder muc(MucSettings v) { muc = v; return this; }
    public MucSettings muc() { return muc; }
    public Builder settle(Duration v) { settle = v; return this; }
    public Builder duration(Duration v) { duration = v; return this; }
    public Builder drain(Duration v) { drain = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder sourceAddresses(List<InetAddress> v) { sourceAddresses = v; return this; }
    public Builder serverPid(long v) { serverPid = v; return this; }
    public Builder sampleInterval(Duration v) { sampleInterval = v; return this; }
    public Builder scramKeyFile(Path v) { scramKeyFile = v; return this; }

    public LoadConfig build() {
      if (loginTimeout.isNegative() || loginTimeout.isZero() || loginTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("login timeout must be in (0, 5 min]");
      }
      ClientSettings client = new ClientSettings(new Credentials(domain, userPrefix, passwordPrefix), resource,
          mechanism, startTls, rosterGet, loginTimeout, DecoderLimits.DEFAULT, new ScramKeyCache());
      return new LoadConfig(servers, client, tlsPin, UserRange.shard(firstUser, users, shardIndex, shards),
          loginRate, maxPendingLogins, scenario,
          new ScenarioSettings(ratePerUser, payloadChars, targets, contacts, subscribe, pubsubService, pubsubNode, muc),
          settle, duration, drain, threads, sourceAddresses, serverPid, sampleInterval, scramKeyFile);
    }
  }
}
