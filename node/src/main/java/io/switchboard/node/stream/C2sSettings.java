package io.switchboard.node.stream;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.stream.DecoderLimits;
import java.time.Duration;

/**
 * Client-connection limits and timers, read once from {@code switchboard.c2s}.
 *
 * @param maxConnections open client connections on this node (both client ports)
 * @param maxConnectionsPerIp open client connections per address (IPv6: per /64)
 * @param stanzaTimeout how long a first-level element may take from its first byte to its last
 * @param maxAuthFailures wrong passwords on one stream before it is closed
 * @param maxSaslAttempts SASL exchanges of any outcome on one stream before it is closed
 * @param channelBinding whether SCRAM-*-PLUS is offered where the connection can bind
 * @param kdfThreads threads for password derivation (0 = one per processor)
 * @param kdfQueue derivations that may wait for a thread; more are refused
 * @param maxInFlight a client's stanzas unacknowledged by the cluster at which its reading is held
 */
public record C2sSettings(
    DecoderLimits decoderLimits,
    int maxConnections,
    int maxConnectionsPerIp,
    Duration stanzaTimeout,
    int maxAuthFailures,
    int maxSaslAttempts,
    AuthThrottle.Settings authThrottle,
    boolean channelBinding,
    int kdfThreads,
    int kdfQueue,
    long maxBytesPerSecond,
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration pingTimeout,
    Duration resumeTimeout,
    int maxUnacked,
    int ackRequestEvery,
    Duration ackTimeout,
    Duration bindTimeout,
    Duration drainWindow,
    Duration resendAfter,
    Duration linger,
    int maxInFlight) {

  public static C2sSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard.c2s");
    DecoderLimits limits;
    try {
      limits =
          DecoderLimits.DEFAULT
              .withMaxStanzaBytes(atLeast(c, "max-stanza-bytes", 1024))
              .withMaxDepth(atLeast(c, "max-depth", 4));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("switchboard.c2s.max-stanza-bytes", e.getMessage());
    }
    return new C2sSettings(
        limits,
        atLeast(c, "max-connections", 1),
        atLeast(c, "max-connections-per-ip", 1),
        positive(c, "stanza-timeout"),
        atLeast(c, "max-auth-failures", 1),
        atLeast(c, "max-sasl-attempts", 1),
        AuthThrottle.Settings.fromConfig(c),
        c.getBoolean("channel-binding"),
        atLeast(c, "kdf-threads", 0),
        atLeast(c, "kdf-queue", 1),
        atLeast(c, "max-bytes-per-second", 1024),
        positive(c, "handshake-timeout"),
        positive(c, "ping-interval"),
        positive(c, "ping-timeout"),
        c.getDuration("resume-timeout"),
        atLeast(c, "max-unacked", 10),
        atLeast(c, "ack-request-every", 1),
        positive(c, "ack-timeout"),
        positive(c, "bind-timeout"),
        notNegative(c, "drain-window"),
        positive(c, "resend-after"),
        positive(c, "linger"),
        atLeast(c, "max-in-flight", 2));
  }

  private static int atLeast(Config c, String key, int min) {
    int v = c.getInt(key);
    if (v < min) {
      throw new InvalidSettingException("switchboard.c2s." + key, v + " is below the minimum " + min);
    }
    return v;
  }

  private static Duration notNegative(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative()) {
      throw new InvalidSettingException("switchboard.c2s." + key, "must not be negative");
    }
    return d;
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException("switchboard.c2s." + key, "must be positive");
    }
    return d;
  }

  public boolean resumptionEnabled() {
    return !resumeTimeout.isZero();
  }
}
