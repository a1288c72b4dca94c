package io.switchboard.sharding.feed;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Feed URLs as entity ids and as path segments. A feed's entity id is its URL normalised
 * (scheme and host lower case, default port and fragment dropped), so the same feed written two
 * ways is fetched once. In a WebSub callback path the id travels base64url-encoded.
 */
public final class FeedKeys {
  /** Longest feed URL accepted. */
  public static final int MAX_URL_LENGTH = 2048;

  private FeedKeys() {}

  /**
   * The normalised form of an absolute http or https URL with a host, or empty when {@code url}
   * is not one (the one check every entry point shares).
   */
  public static Optional<String> normalise(String url) {
    if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      return Optional.empty();
    }
    int port = uri.getPort();
    if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) {
      port = -1;
    }
    StringBuilder sb = new StringBuilder(scheme).append("://")
        .append(uri.getHost().toLowerCase(Locale.ROOT));
    if (port != -1) {
      sb.append(':').append(port);
    }
    String path = uri.getRawPath();
    sb.append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      sb.append('?').append(uri.getRawQuery());
    }
    return Optional.of(sb.toString());
  }

  /** The URL as one path segment. */
  public static String encode(String url) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }

  /** The URL from {@link #encode}, or empty when {@code segment} is not one. */
  public static Optional<String> decode(String segment) {
    try {
      String url = new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
      return normalise(url).filter(url::equals);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
