package io.switchboard.node.feeds;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;

/**
 * The limits of the feed HTTP client, read once from {@code switchboard.feeds.http}.
 *
 * @param maxBodyBytes a larger body ends the fetch with an error
 * @param connectTimeout TCP and TLS connection set-up
 * @param timeout the whole fetch: redirects, headers and body (a trickling server is cut here)
 * @param maxRedirects redirects followed before the fetch fails (a loop ends here)
 * @param allowPrivateAddresses false: a feed or hub whose host resolves to a loopback,
 *     private, link-local or otherwise internal address is refused (a node owner cannot make the
 *     server fetch from inside its network); true for tests and intranets
 * @param maxEntryBytes an entry larger than this (as Atom XML) is published without its content
 * @param userAgent the User-Agent header
 */
public record FeedHttpSettings(
    int maxBodyBytes,
    Duration connectTimeout,
    Duration timeout,
    int maxRedirects,
    boolean allowPrivateAddresses,
    int maxEntryBytes,
    String userAgent) {
  private static final String PREFIX = "switchboard.feeds.http.";

  public static FeedHttpSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard.feeds.http");
    long maxBody = c.getBytes("max-body-bytes");
    if (maxBody < 1024 || maxBody > 64L * 1024 * 1024) {
      throw new InvalidSettingException(PREFIX + "max-body-bytes", maxBody + " is not within 1 KiB..64 MiB");
    }
    int redirects = c.getInt("max-redirects");
    if (redirects < 0 || redirects > 20) {
      throw new InvalidSettingException(PREFIX + "max-redirects", redirects + " is not within 0..20");
    }
    long entry = c.getBytes("max-entry-bytes");
    if (entry < 1024 || entry > 1024 * 1024) {
      throw new InvalidSettingException(PREFIX + "max-entry-bytes", entry + " is not within 1 KiB..1 MiB");
    }
    return new FeedHttpSettings((int) maxBody, positive(c, "connect-timeout"), positive(c, "timeout"),
        redirects, c.getBoolean("allow-private-addresses"), (int) entry, c.getString("user-agent"));
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(PREFIX + key, "must be positive");
    }
    return d;
  }
}
