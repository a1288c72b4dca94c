package io.switchboard.node.stream;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.stream.DecoderLimits;
import java.time.Duration;

/** Client-connection limits and timers, read once from {@code switchboard.c2s}. */
public record C2sSettings(
    DecoderLimits decoderLimits,
    int maxConnectionsPerIp,
    int maxAuthFailures,
    int maxAuthFailuresPerIp,
    Duration authFailureWindow,
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
    Duration linger) {

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
        atLeast(c, "max-connections-per-ip", 1),
        atLeast(c, "max-auth-failures", 1),
        atLeast(c, "max-auth-failures-per-ip", 1),
        positive(c, "auth-failure-window"),
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
        positive(c, "linger"));
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
