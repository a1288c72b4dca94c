package io.switchboard.node.tls;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS settings ({@code switchboard.tls}): PEM certificate chain and PKCS#8 key files, or none, in
 * which case a self-signed pair is generated under the data dir at first start (dev mode).
 * {@code required} makes STARTTLS mandatory before authentication on the c2s port. {@code provider}
 * picks the TLS engine. {@code opensslHandshakeBuffer} is the native buffer (bytes) each BoringSSL
 * connection keeps for the records it writes while reading (handshake flights, session tickets,
 * alerts). 2048 (Netty's) by default; 256 saves ~2.2 KiB of native memory per connection.
 */
public record TlsSettings(
    Optional<Path> certFile, Optional<Path> keyFile, boolean required, Provider provider, int opensslHandshakeBuffer) {

  /** The buffer size when none is configured. */
  public static final int DEFAULT_OPENSSL_HANDSHAKE_BUFFER = 2048;

  /** The TLS engine: BoringSSL through netty-tcnative, the JDK's, or the first when it loads. */
  public enum Provider { AUTO, OPENSSL, JDK }

  public TlsSettings {
    if (opensslHandshakeBuffer < 64 || opensslHandshakeBuffer > 65_536) {
      throw new InvalidSettingException("switchboard.tls.openssl-handshake-buffer",
          opensslHandshakeBuffer + " is outside 64-65536 bytes");
    }
  }

  /** Settings with the provider chosen automatically. */
  public TlsSettings(Optional<Path> certFile, Optional<Path> keyFile, boolean required) {
    this(certFile, keyFile, required, Provider.AUTO);
  }

  /** Settings with the default handshake buffer. */
  public TlsSettings(Optional<Path> certFile, Optional<Path> keyFile, boolean required, Provider provider) {
    this(certFile, keyFile, required, provider, DEFAULT_OPENSSL_HANDSHAKE_BUFFER);
  }

  public static TlsSettings fromConfig(Config root) {
    Config c = root.getConfig("switchboard.tls");
    Optional<Path> cert = file(c, "cert-file");
    Optional<Path> key = file(c, "key-file");
    if (cert.isPresent() != key.isPresent()) {
      throw new InvalidSettingException(
          "switchboard.tls." + (cert.isPresent() ? "key-file" : "cert-file"),
          "both cert-file and key-file must be set, or neither");
    }
    return new TlsSettings(cert, key, c.getBoolean("required"), provider(c.getString("provider")),
        c.getInt("openssl-handshake-buffer"));
  }

  private static Provider provider(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> Provider.AUTO;
      case "openssl" -> Provider.OPENSSL;
      case "jdk" -> Provider.JDK;
      default -> throw new InvalidSettingException("switchboard.tls.provider", "'" + value + "' is not auto, openssl or jdk");
    };
  }

  private static Optional<Path> file(Config c, String key) {
    String v = c.getString(key).trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Path p = Path.of(v);
    if (!Files.isReadable(p)) {
      throw new InvalidSettingException("switchboard.tls." + key, "'" + v + "' is not a readable file");
    }
    return Optional.of(p);
  }
}
