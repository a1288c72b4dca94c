package io.switchboard.node.api;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;

/**
 * The HTTP push API, read once from {@code switchboard.api}; the port and bind address are the
 * node's ({@code switchboard.ports.http}, {@code switchboard.bind}).
 *
 * @param sender the JID messages sent through the API come from: {@code switchboard.api.sender},
 *     by default the server's domain (a server notice, like Prosody's and ejabberd's announcements)
 * @param maxAuthFailuresPerIp requests with an invalid token from one address (IPv6: one /64)
 *     within {@code authFailureWindow} before further requests from it are answered 429
 * @param negativeCacheTtl how long an unknown token is remembered as unknown (no store read)
 * @param negativeCacheSize at most this many unknown tokens are remembered
 */
public record ApiSettings(
    boolean enabled,
    int maxBodyBytes,
    double ratePerSecond,
    int burst,
    Jid sender,
    Duration publishTimeout,
    Duration tokenCacheTtl,
    int maxAuthFailuresPerIp,
    Duration authFailureWindow,
    Duration negativeCacheTtl,
    int negativeCacheSize,
    int websubMaxBodyBytes) {
  private static final String PREFIX = "switchboard.api.";

  public static ApiSettings fromConfig(Config root, DomainBareJid domain) {
    Config c = root.getConfig("switchboard.api");
    int maxBody = c.getInt("max-body-bytes");
    if (maxBody < 256 || maxBody > 8 * 1024 * 1024) {
      throw new InvalidSettingException(PREFIX + "max-body-bytes", maxBody + " is not within 256..8388608");
    }
    double rate = c.getDouble("rate-per-second");
    if (!(rate > 0)) {
      throw new InvalidSettingException(PREFIX + "rate-per-second", "must be positive");
    }
    int burst = c.getInt("burst");
    if (burst < 1) {
      throw new InvalidSettingException(PREFIX + "burst", burst + " is below the minimum 1");
    }
    String senderText = c.getString("sender").trim();
    Jid sender = domain;
    if (!senderText.isEmpty()) {
      sender = Jids.parse(senderText).orElseThrow(
          () -> new InvalidSettingException(PREFIX + "sender", "'" + senderText + "' is not a JID"));
    }
    Duration cacheTtl = c.getDuration("token-cache-ttl");
    if (cacheTtl.isNegative()) {
      throw new InvalidSettingException(PREFIX + "token-cache-ttl", "must not be negative (0s = no cache)");
    }
    int maxFailures = c.getInt("max-auth-failures-per-ip");
    if (maxFailures < 1) {
      throw new InvalidSettingException(PREFIX + "max-auth-failures-per-ip", maxFailures + " is below the minimum 1");
    }
    Duration negativeTtl = c.getDuration("negative-cache-ttl");
    if (negativeTtl.isNegative()) {
      throw new InvalidSettingException(PREFIX + "negative-cache-ttl", "must not be negative (0s = no cache)");
    }
    int negativeSize = c.getInt("negative-cache-size");
    if (negativeSize < 1) {
      throw new InvalidSettingException(PREFIX + "negative-cache-size", negativeSize + " is below the minimum 1");
    }
    // WebSub content (a whole feed) is bounded like a fetched feed body.
    long websubMax = root.hasPath("switchboard.feeds.http.max-body-bytes")
        ? root.getBytes("switchboard.feeds.http.max-body-bytes") : 5L * 1024 * 1024;
    return new ApiSettings(c.getBoolean("enabled"), maxBody, rate, burst, sender,
        positive(c, "publish-timeout"), cacheTtl, maxFailures, positive(c, "auth-failure-window"),
        negativeTtl, negativeSize, (int) Math.min(websubMax, Integer.MAX_VALUE));
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(PREFIX + key, "must be positive");
    }
    return d;
  }
}
