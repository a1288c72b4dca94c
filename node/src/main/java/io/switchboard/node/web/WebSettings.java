package io.switchboard.node.web;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The browser transports on the HTTP port, read once from {@code switchboard.web}: XMPP over
 * WebSocket (RFC 7395), BOSH (XEP-0124/0206), their discovery (XEP-0156), TLS on the port, and how
 * far a TLS-terminating proxy in front is trusted.
 *
 * @param tls the HTTP port speaks TLS itself ({@code switchboard.http.tls}: the node's certificate and cipher policy)
 * @param front whether a request that reached the port in plaintext counts as encrypted
 * @param allowedOrigins browser origins allowed to connect; empty: only the port's own origin
 *     (a request whose Origin names the Host it was sent to); {@code *}: any
 * @param publicUrl the URL clients reach the port at (https://chat.example.com), for XEP-0156;
 *     empty: taken from each request's Host
 * @param backlog connections the OS queues on the port until the node accepts them
 */
public record WebSettings(
    boolean websocketEnabled,
    boolean boshEnabled,
    boolean tls,
    Front front,
    List<String> allowedOrigins,
    Optional<URI> publicUrl,
    int backlog,
    Duration websocketPing,
    Optional<URI> seeOtherUri,
    int maxOutboundFrames,
    BoshSettings bosh) {
  private static final String PREFIX = "switchboard.web.";

  /** How a plaintext request is judged (for TLS-before-authentication, {@code switchboard.tls.required}). */
  public enum Front {
    /** Only the port's own TLS counts: a plaintext request is plaintext. */
    NONE,
    /**
     * A proxy in front terminates TLS and says so: {@code X-Forwarded-Proto: https} (or
     * {@code Forwarded: proto=https}) counts, and the client's address is the last
     * {@code X-Forwarded-For} entry. Only safe when clients cannot reach the port directly.
     */
    FORWARDED,
    /** Every request counts as encrypted: the port is reachable only through a TLS-terminating ingress. */
    ALWAYS
  }

  /** XEP-0124 limits and timers; each is what the server offers at most. */
  public record BoshSettings(
      Duration maxWait,
      int maxHold,
      Duration inactivity,
      Duration polling,
      Duration maxPause,
      int maxBodyBytes,
      int maxResponseBytes) {}

  public static WebSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard.web");
    Front front;
    String frontText = c.getString("front").trim().toUpperCase(Locale.ROOT);
    try {
      front = Front.valueOf(frontText);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(PREFIX + "front", "'" + c.getString("front") + "' is not none, forwarded or always");
    }
    List<String> origins = Arrays.stream(c.getString("allowed-origins").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).map(WebSettings::origin).toList();
    Optional<URI> publicUrl = url(c, "public-url", "http", "https");
    Optional<URI> seeOther = url(c, "websocket.see-other-uri", "ws", "wss");
    Config b = c.getConfig("bosh");
    int maxBody = b.getInt("max-body-bytes");
    if (maxBody < 4096 || maxBody > 200 * 1024) {
      // A body travels between nodes as one remoting message (Artery's frame: 256 KiB).
      throw new InvalidSettingException(PREFIX + "bosh.max-body-bytes", maxBody + " is not within 4096..204800");
    }
    int maxHold = b.getInt("max-hold");
    if (maxHold < 0 || maxHold > 5) {
      throw new InvalidSettingException(PREFIX + "bosh.max-hold", maxHold + " is not within 0..5");
    }
    BoshSettings bosh = new BoshSettings(
        within(b, "bosh.max-wait", Duration.ofSeconds(1), Duration.ofMinutes(5)),
        maxHold,
        within(b, "bosh.inactivity", Duration.ofSeconds(5), Duration.ofMinutes(10)),
        within(b, "bosh.polling", Duration.ofSeconds(1), Duration.ofMinutes(1)),
        within(b, "bosh.max-pause", Duration.ofSeconds(10), Duration.ofMinutes(30)),
        maxBody, maxBody);
    int backlog = c.getInt("backlog");
    if (backlog < 1 || backlog > 65535) {
      throw new InvalidSettingException(PREFIX + "backlog", backlog + " is not within 1..65535");
    }
    int maxFrames = c.getInt("websocket.max-outbound-frames");
    if (maxFrames < 16) {
      throw new InvalidSettingException(PREFIX + "websocket.max-outbound-frames", maxFrames + " is below the minimum 16");
    }
    return new WebSettings(
        c.getBoolean("websocket.enabled"),
        c.getBoolean("bosh.enabled"),
        root.getBoolean("switchboard.http.tls"),
        front,
        origins,
        publicUrl,
        backlog,
        within(c, "websocket.ping-interval", Duration.ofSeconds(1), Duration.ofHours(1)),
        seeOther,
        maxFrames,
        bosh);
  }

  /** Whether any browser transport runs (the HTTP port is then bound even with the API off). */
  public boolean anyEnabled() {
    return websocketEnabled || boshEnabled;
  }

  private static String origin(String text) {
    if (text.equals("*")) {
      return text;
    }
    try {
      URI u = URI.create(text);
      if (u.getScheme() == null || u.getHost() == null || (u.getPath() != null && !u.getPath().isEmpty())) {
        throw new IllegalArgumentException("not scheme://host[:port]");
      }
      return text.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(PREFIX + "allowed-origins", "'" + text + "' is not an origin (scheme://host[:port]) or *");
    }
  }

  private static Optional<URI> url(Config c, String key, String... schemes) {
    String text = c.getString(key).trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI u = URI.create(text);
      if (u.getScheme() == null || !List.of(schemes).contains(u.getScheme().toLowerCase(Locale.ROOT)) || u.getHost() == null) {
        throw new IllegalArgumentException("scheme");
      }
      return Optional.of(u);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(PREFIX + key, "'" + text + "' is not a " + String.join("/", schemes) + " URL");
    }
  }

  private static Duration within(Config c, String key, Duration min, Duration max) {
    String local = key.startsWith("bosh.") && !c.hasPath(key) ? key.substring(5) : key;
    Duration d = c.getDuration(local);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new InvalidSettingException(PREFIX + key, d + " is not within " + min + ".." + max);
    }
    return d;
  }
}
