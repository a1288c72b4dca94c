package io.switchboard.node.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.switchboard.node.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * TLS settings ({@code switchboard.tls}): PEM certificate chain and PKCS#8 key files, or none, in
 * which case a self-signed pair is generated under the data dir at first start (dev mode).
 * {@code required} makes STARTTLS mandatory before authentication on the c2s port. {@code provider}
 * picks the TLS engine. {@code opensslHandshakeBuffer} is the native buffer (bytes) each BoringSSL
 * connection keeps for the records it writes while reading (handshake flights, session tickets,
 * alerts). 256 by default, which takes ~2.2 KiB less native memory per connection than Netty's 2048.
 * {@code policy} is the protocol versions and cipher suites every TLS listener offers.
 */
public record TlsSettings(
    Optional<Path> certFile,
    Optional<Path> keyFile,
    boolean required,
    Provider provider,
    int opensslHandshakeBuffer,
    CipherPolicy policy) {

  /** The buffer size when none is configured. */
  public static final int DEFAULT_OPENSSL_HANDSHAKE_BUFFER = 256;

  /** The TLS engine: BoringSSL through netty-tcnative, the JDK's, or the first when it loads. */
  public enum Provider { AUTO, OPENSSL, JDK }

  /**
   * Protocol versions and cipher suites (IANA names), in the server's order of preference. The
   * default: TLS 1.3 and TLS 1.2; for 1.2 only forward-secret (ECDHE) key exchange with AEAD
   * ciphers (AES-GCM, ChaCha20-Poly1305), for ECDSA and RSA certificates alike. No static RSA key
   * exchange, no CBC, no SHA-1 MACs. Older protocol versions cannot be configured.
   */
  public record CipherPolicy(List<String> protocols, List<String> cipherSuites) {
    public static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    public static final CipherPolicy MODERN = new CipherPolicy(
        List.of("TLSv1.3", "TLSv1.2"),
        List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));

    public CipherPolicy {
      protocols = List.copyOf(protocols);
      cipherSuites = List.copyOf(cipherSuites);
      if (protocols.isEmpty()) {
        throw new InvalidSettingException("switchboard.tls.protocols", "empty");
      }
      for (String p : protocols) {
        if (!ALLOWED_PROTOCOLS.contains(p)) {
          throw new InvalidSettingException("switchboard.tls.protocols",
              "'" + p + "' is not TLSv1.3 or TLSv1.2 (older versions are not supported)");
        }
      }
      if (cipherSuites.isEmpty()) {
        throw new InvalidSettingException("switchboard.tls.cipher-suites", "empty");
      }
    }
  }

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

  /** Settings with the default cipher policy. */
  public TlsSettings(
      Optional<Path> certFile, Optional<Path> keyFile, boolean required, Provider provider, int opensslHandshakeBuffer) {
    this(certFile, keyFile, required, provider, opensslHandshakeBuffer, CipherPolicy.MODERN);
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
    CipherPolicy policy = new CipherPolicy(
        names(c, "protocols", CipherPolicy.MODERN.protocols()),
        names(c, "cipher-suites", CipherPolicy.MODERN.cipherSuites()));
    return new TlsSettings(cert, key, c.getBoolean("required"), provider(c.getString("provider")),
        c.getInt("openssl-handshake-buffer"), policy);
  }

  private static Provider provider(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> Provider.AUTO;
      case "openssl" -> Provider.OPENSSL;
      case "jdk" -> Provider.JDK;
      default -> throw new InvalidSettingException("switchboard.tls.provider", "'" + value + "' is not auto, openssl or jdk");
    };
  }

  /**
   * A list setting given as a HOCON list or as one comma-separated string (as an environment
   * variable gives it); absent or empty string: {@code defaults}.
   */
  static List<String> names(Config c, String key, List<String> defaults) {
    if (!c.hasPath(key)) {
      return defaults;
    }
    List<String> out = new ArrayList<>();
    try {
      if (c.getValue(key).valueType() == ConfigValueType.LIST) {
        for (String s : c.getStringList(key)) {
          if (!s.isBlank()) {
            out.add(s.trim());
          }
        }
      } else {
        for (String s : c.getString(key).split(",")) {
          if (!s.isBlank()) {
            out.add(s.trim());
          }
        }
        if (out.isEmpty()) {
          return defaults;
        }
      }
    } catch (ConfigException.WrongType e) {
      throw new InvalidSettingException("switchboard.tls." + key, "not a list of names");
    }
    return out;
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
