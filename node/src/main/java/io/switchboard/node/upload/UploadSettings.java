package io.switchboard.node.upload;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.jid.Jids;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;

/**
 * XEP-0363 HTTP file upload, read once from {@code switchboard.upload}.
 *
 * @param enabled whether the node offers the service (and lists it in the server's disco#items)
 * @param jid the service's address, by default {@code upload.<domain>}
 * @param publicUrl the HTTP port as clients reach it (scheme, host, port, optional path), no
 *     trailing slash; slots point below {@code <publicUrl>/upload/}
 * @param maxFileSize the largest file a slot is given for (advertised as {@code max-file-size})
 * @param allowedTypes content types a slot may declare ({@code image/*} patterns); empty: any
 * @param quota bytes a user may upload within {@code retention}; 0: no quota
 * @param retention how long a file is kept (and its GET URL valid)
 * @param slotValidity how long a slot's PUT URL is valid
 * @param uploadTimeout the longest a PUT may take, body included; a slower one is cut (408)
 * @param chunkSize bytes per chunk stored in Cassandra
 * @param maxConcurrentUploads PUTs this node runs at once; more are answered 503
 * @param corsOrigin the {@code Access-Control-Allow-Origin} of PUT and GET answers (web clients);
 *     empty: no CORS headers
 * @param secret the URL signing key (at least 32 bytes); empty: a key generated once for the
 *     cluster and kept in Cassandra
 * @param storage where the bytes go
 * @param s3 the bucket, when {@code storage} is S3
 */
public record UploadSettings(
    boolean enabled,
    DomainBareJid jid,
    String publicUrl,
    long maxFileSize,
    List<String> allowedTypes,
    long quota,
    Duration retention,
    Duration slotValidity,
    Duration uploadTimeout,
    int chunkSize,
    int maxConcurrentUploads,
    String corsOrigin,
    Optional<byte[]> secret,
    Storage storage,
    S3 s3) {

  private static final String PREFIX = "switchboard.upload.";
  static final int MIN_SECRET_BYTES = 32;

  /** Where uploaded bytes are stored; metadata and quotas are always in Cassandra. */
  public enum Storage {
    CASSANDRA,
    S3
  }

  /**
   * An S3-compatible bucket.
   *
   * @param endpoint the service URL (empty: AWS's for the region)
   * @param region the signing region
   * @param bucket the bucket, which must exist
   * @param accessKey the access key id
   * @param secretKey the secret access key (never logged)
   * @param pathStyle bucket in the path instead of the host name (MinIO, s3rver, Ceph)
   * @param prefix prepended to every object key
   */
  public record S3(String endpoint, String region, String bucket, String accessKey, String secretKey,
      boolean pathStyle, String prefix) {
    @Override
    public String toString() {
      return "S3[" + endpoint + " " + region + " " + bucket + " " + prefix + "]"; // no keys
    }
  }

  /**
   * Reads {@code switchboard.upload}; {@code domain} is the server's, {@code bind} and
   * {@code httpPort} the node's (the default public URL).
   */
  public static UploadSettings fromConfig(Config root, DomainBareJid domain, String bind, int httpPort) {
    Config c = root.getConfig("switchboard.upload");
    String domainText = string(c, "domain");
    DomainBareJid jid = domainText.isEmpty() ? Jids.domain("upload." + domain)
        : Jids.parse(domainText).filter(j -> j.isDomainBareJid()).map(j -> j.asDomainBareJid())
            .orElseThrow(() -> new InvalidSettingException(PREFIX + "domain", "'" + domainText + "' is not a domain"));
    String url = string(c, "public-url");
    if (url.isEmpty()) {
      // The HTTP port serves TLS itself when switchboard.http.tls is on (issue #19's listener).
      boolean tls = root.hasPath("switchboard.http.tls") && root.getBoolean("switchboard.http.tls");
      url = (tls ? "https://" : "http://") + announcedHost(bind) + ":" + httpPort;
    }
    url = validUrl(url);
    long max = bytes(c, "max-file-size", 1, Long.MAX_VALUE);
    long quota = bytes(c, "quota", 0, Long.MAX_VALUE);
    if (quota != 0 && quota < max) {
      throw new InvalidSettingException(PREFIX + "quota", quota + " is below max-file-size " + max + " (0 = no quota)");
    }
    // A list in HOCON, or a comma-separated string (SWITCHBOARD_UPLOAD_ALLOWED_TYPES).
    List<String> rawTypes = c.getValue("allowed-types").valueType() == ConfigValueType.STRING
        ? List.of(c.getString("allowed-types").split(",")) : c.getStringList("allowed-types");
    List<String> types = rawTypes.stream().map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    for (String t : types) {
      if (!t.matches("[a-z0-9!#$&^_.+-]+/([a-z0-9!#$&^_.+-]+|\\*)")) {
        throw new InvalidSettingException(PREFIX + "allowed-types", "'" + t + "' is not a type/subtype or type/* pattern");
      }
    }
    long chunk = bytes(c, "chunk-size", 4096, 4L * 1024 * 1024);
    int concurrent = c.getInt("max-concurrent-uploads");
    if (concurrent < 1) {
      throw new InvalidSettingException(PREFIX + "max-concurrent-uploads", concurrent + " is below the minimum 1");
    }
    String secretText = string(c, "secret");
    Optional<byte[]> secret = Optional.empty();
    if (!secretText.isEmpty()) {
      byte[] s = secretText.getBytes(StandardCharsets.UTF_8);
      if (s.length < MIN_SECRET_BYTES) {
        throw new InvalidSettingException(PREFIX + "secret", "must be at least " + MIN_SECRET_BYTES
            + " bytes (empty = a key generated for the cluster)");
      }
      secret = Optional.of(s);
    }
    Storage storage;
    try {
      storage = Storage.valueOf(string(c, "storage").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(PREFIX + "storage", "'" + string(c, "storage") + "' is not cassandra or s3");
    }
    S3 s3 = s3(c.getConfig("s3"), storage == Storage.S3);
    return new UploadSettings(c.getBoolean("enabled"), jid, url, max, types, quota, positive(c, "retention"),
        positive(c, "slot-validity"), positive(c, "upload-timeout"), (int) chunk, concurrent,
        string(c, "cors-allowed-origin"), secret, storage, s3);
  }

  private static S3 s3(Config c, boolean required) {
    String endpoint = c.getString("endpoint").trim();
    if (!endpoint.isEmpty()) {
      validUrl(endpoint, PREFIX + "s3.endpoint");
    }
    S3 s3 = new S3(endpoint, c.getString("region").trim(), c.getString("bucket").trim(),
        c.getString("access-key").trim(), c.getString("secret-key"), c.getBoolean("path-style"),
        c.getString("prefix").trim());
    if (required) {
      if (s3.bucket().isEmpty()) {
        throw new InvalidSettingException(PREFIX + "s3.bucket", "required with storage = s3");
      }
      if (s3.region().isEmpty()) {
        throw new InvalidSettingException(PREFIX + "s3.region", "required with storage = s3");
      }
      if (s3.accessKey().isEmpty() != s3.secretKey().isEmpty()) {
        throw new InvalidSettingException(PREFIX + "s3.access-key", "set both access-key and secret-key, or neither "
            + "(neither: the AWS default credentials chain)");
      }
    }
    return s3;
  }

  /** Whether a slot may declare {@code contentType} (null: none declared, always allowed). */
  public boolean allowsType(String contentType) {
    if (allowedTypes.isEmpty() || contentType == null) {
      return true;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    int semicolon = t.indexOf(';');
    String base = (semicolon < 0 ? t : t.substring(0, semicolon)).trim();
    for (String pattern : allowedTypes) {
      if (pattern.endsWith("/*") ? base.startsWith(pattern.substring(0, pattern.length() - 1)) : base.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  private static String validUrl(String url) {
    return validUrl(url, PREFIX + "public-url");
  }

  private static String validUrl(String url, String key) {
    try {
      URI u = new URI(url);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
          || u.getQuery() != null || u.getFragment() != null) {
        throw new InvalidSettingException(key, "'" + url + "' is not an http(s) URL without query or fragment");
      }
    } catch (URISyntaxException e) {
      throw new InvalidSettingException(key, "'" + url + "' is not a URL");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The address clients are told: the bind address, or 127.0.0.1 when binding every interface. */
  private static String announcedHost(String bind) {
    try {
      InetAddress a = InetAddress.getByName(bind);
      if (a.isAnyLocalAddress()) {
        return "127.0.0.1";
      }
      return a instanceof java.net.Inet6Address ? "[" + bind + "]" : bind;
    } catch (UnknownHostException e) {
      throw new InvalidSettingException("switchboard.bind", "'" + bind + "' does not resolve");
    }
  }

  private static String string(Config c, String key) {
    try {
      return c.getString(key).trim();
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingException(PREFIX + key, "missing");
    }
  }

  private static long bytes(Config c, String key, long min, long max) {
    long v;
    try {
      v = c.getBytes(key);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw new InvalidSettingException(PREFIX + key, "not a size (e.g. 100 MiB)");
    }
    if (v < min || v > max) {
      throw new InvalidSettingException(PREFIX + key, v + " is not within " + min + ".." + max);
    }
    return v;
  }

  private static Duration positive(Config c, String key) {
    Duration d;
    try {
      d = c.getDuration(key);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw new InvalidSettingException(PREFIX + key, "not a duration (e.g. 30d)");
    }
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(PREFIX + key, "must be positive");
    }
    return d;
  }
}
