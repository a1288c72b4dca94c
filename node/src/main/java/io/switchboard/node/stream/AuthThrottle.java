package io.switchboard.node.stream;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.node.net.FailureThrottle;
import io.switchboard.node.net.PeerAddresses;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Password guessing slowed down without locking anyone out: failed logins are counted per
 * (address, account) pair ({@link PeerAddresses}: IPv4 address, IPv6 /64). A pair gets
 * {@code free-failures} wrong passwords, then each further one makes it wait
 * {@code backoff-base · 2^k} (at most {@code backoff-max}) before the next attempt for that
 * account from that address is even looked at ({@code <temporary-auth-failure/>} meanwhile). A
 * correct password clears the pair.
 *
 * <p>Nothing here ever refuses an account because of another account's failures, so a single
 * attacker behind a shared address (a NAT, or a load balancer that hides client addresses) slows
 * down only the accounts it attacks. The per-address ceiling ({@code max-failures-per-address} in
 * {@code address-window}) is not a refusal either: an address past it loses its free failures, so
 * every further wrong password puts that pair into back-off at once, while an account that has not
 * failed from there is tried as usual.
 *
 * <p>Thread-safe; time from the injected clock; the pairs are bounded by {@code max-tracked} (past
 * it, forgotten pairs go first, then the oldest half: an attacker rotating accounts loses its
 * counts, a legitimate user never its access). Failures and successes are reported to
 * {@code sharing} so that other nodes apply them too ({@link AuthFailureSharing}).
 */
public final class AuthThrottle {

  /** {@code switchboard.c2s.auth-throttle}. */
  public record Settings(
      int freeFailures,
      Duration backoffBase,
      Duration backoffMax,
      Duration forgetAfter,
      int maxFailuresPerAddress,
      Duration addressWindow,
      int maxTracked,
      boolean clusterWide) {

    public static Settings fromConfig(Config c2s) {
      String p = "switchboard.c2s.auth-throttle.";
      Config c = c2s.getConfig("auth-throttle");
      Settings s = new Settings(
          c.getInt("free-failures"),
          c.getDuration("backoff-base"),
          c.getDuration("backoff-max"),
          c.getDuration("forget-after"),
          c.getInt("max-failures-per-address"),
          c.getDuration("address-window"),
          c.getInt("max-tracked"),
          c.getBoolean("cluster-wide"));
      if (s.freeFailures < 0) {
        throw new InvalidSettingException(p + "free-failures", "must not be negative");
      }
      for (var d : new Object[][] {{"backoff-base", s.backoffBase}, {"backoff-max", s.backoffMax},
          {"forget-after", s.forgetAfter}, {"address-window", s.addressWindow}}) {
        Duration v = (Duration) d[1];
        if (v.isNegative() || v.isZero()) {
          throw new InvalidSettingException(p + d[0], "must be positive");
        }
      }
      if (s.backoffMax.compareTo(s.backoffBase) < 0) {
        throw new InvalidSettingException(p + "backoff-max", "is shorter than backoff-base");
      }
      if (s.forgetAfter.compareTo(s.backoffMax) < 0) {
        throw new InvalidSettingException(p + "forget-after", "is shorter than backoff-max");
      }
      if (s.maxFailuresPerAddress < 1 || s.maxTracked < 100) {
        throw new InvalidSettingException(p + (s.maxTracked < 100 ? "max-tracked" : "max-failures-per-address"),
            "is below the minimum (1, max-tracked 100)");
      }
      return s;
    }
  }

  /** A failure or a success of one pair, as other nodes learn of it. */
  public record Outcome(PeerAddresses.Key address, String account, boolean failed) {}

  private record Pair(PeerAddresses.Key address, String account) {}

  private record State(int failures, long lastFailureMillis, long blockedUntilMillis) {}

  private final Settings settings;
  private final Clock clock;
  private final FailureThrottle perAddress;
  private final ConcurrentHashMap<Pair, State> pairs = new ConcurrentHashMap<>();
  private volatile Consumer<Outcome> sharing = o -> { };

  public AuthThrottle(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.perAddress = new FailureThrottle(settings.maxFailuresPerAddress(), settings.addressWindow(),
        settings.maxTracked(), clock);
  }

  /** Where this node's own outcomes go (the cluster-wide sharing); set once at start-up. */
  public void shareWith(Consumer<Outcome> sharing) {
    this.sharing = Objects.requireNonNull(sharing);
  }

  public Settings settings() {
    return settings;
  }

  /**
   * How long (milliseconds) an attempt for {@code account} from {@code address} must still wait;
   * 0 when it may go ahead.
   */
  public long waitMillis(PeerAddresses.Key address, String account) {
    State s = pairs.get(new Pair(address, account));
    if (s == null) {
      return 0;
    }
    long now = clock.millis();
    return Math.max(0, s.blockedUntilMillis - now);
  }

  /** A wrong password for {@code account} from {@code address} on this node. */
  public void failed(PeerAddresses.Key address, String account) {
    record(address, account);
    sharing.accept(new Outcome(address, account, true));
  }

  /** A correct password: the pair starts over (here and, through the sharing, elsewhere). */
  public void succeeded(PeerAddresses.Key address, String account) {
    if (pairs.remove(new Pair(address, account)) != null) {
      sharing.accept(new Outcome(address, account, false));
    }
  }

  /** An outcome another node reported. */
  public void apply(Outcome outcome) {
    if (outcome.failed()) {
      record(outcome.address(), outcome.account());
    } else {
      pairs.remove(new Pair(outcome.address(), outcome.account()));
    }
  }

  private void record(PeerAddresses.Key address, String account) {
    long now = clock.millis();
    perAddress.recordFailure(address);
    if (account == null) {
      return; // a name that cannot be an account here: counted for the address only
    }
    int free = perAddress.blocked(address) ? 0 : settings.freeFailures();
    pairs.compute(new Pair(address, account), (k, s) -> {
      int failures = s == null || now - s.lastFailureMillis >= settings.forgetAfter().toMillis() ? 1 : s.failures + 1;
      long blockedUntil = failures > free ? now + backoffMillis(failures - free) : 0;
      return new State(failures, now, blockedUntil);
    });
    if (pairs.size() > settings.maxTracked()) {
      trim(now);
    }
  }

  /** The wait after the {@code beyondFree}-th failure past the free ones: base · 2^(n−1), capped. */
  long backoffMillis(int beyondFree) {
    long base = settings.backoffBase().toMillis();
    long max = settings.backoffMax().toMillis();
    int shift = Math.min(beyondFree - 1, 40);
    long wait = base << shift;
    return wait <= 0 || wait > max ? max : wait;
  }

  private void trim(long now) {
    long forget = settings.forgetAfter().toMillis();
    pairs.values().removeIf(s -> now - s.lastFailureMillis >= forget);
    if (pairs.size() > settings.maxTracked()) {
      long cutoff = pairs.values().stream().mapToLong(State::lastFailureMillis).sorted()
          .skip(pairs.size() / 2).findFirst().orElse(now);
      pairs.values().removeIf(s -> s.lastFailureMillis < cutoff);
    }
  }

  /** Pairs tracked (tests, status). */
  int tracked() {
    return pairs.size();
  }
}
