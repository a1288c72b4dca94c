package io.switchboard.node.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import io.switchboard.node.config.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context: the configured protocol versions and cipher suites (by default TLS 1.3
 * and 1.2 with forward-secret AEAD suites only, {@link TlsSettings.CipherPolicy#MODERN}), from
 * configured PEM files or the dev-mode
 * self-signed pair under {@code <data-dir>/tls/}, on BoringSSL (netty-tcnative) or the JDK's
 * engine ({@link TlsSettings.Provider}). BoringSSL keeps a connection's TLS state off the Java heap
 * and in less memory than the JDK's SSLEngine, which matters with many idle connections.
 */
public final class ServerTls {
  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

  private final SslContext context;
  private final String fingerprint;
  private final Path certFile;
  private final Path keyFile;
  private final TlsSettings.CipherPolicy policy;
  private final SslProvider provider;
  private volatile SslContext jdkContext;
  private volatile TlsChannelBindings channelBindings;

  private ServerTls(SslContext context, String fingerprint, Path certFile, Path keyFile,
      TlsSettings.CipherPolicy policy, SslProvider provider) {
    this.provider = provider;
    this.context = context;
    this.fingerprint = fingerprint;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.policy = policy;
  }

  /**
   * The node's TLS context from its whole configuration ({@code switchboard.tls}, the domain and
   * the data dir), for listeners that load it themselves (components, HTTP).
   */
  public static ServerTls forNode(com.typesafe.config.Config config) {
    io.switchboard.node.config.NodeSettings node = io.switchboard.node.config.NodeSettings.fromConfig(config);
    try {
      return load(TlsSettings.fromConfig(config), node.domain().toString(), node.dataDir(), Clock.systemUTC());
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  public static ServerTls load(TlsSettings settings, String domain, Path dataDir, Clock clock) throws IOException {
    Path cert;
    Path key;
    if (settings.certFile().isPresent()) {
      cert = settings.certFile().get();
      key = settings.keyFile().orElseThrow();
    } else {
      cert = dataDir.resolve("tls").resolve(domain + ".crt.pem");
      key = dataDir.resolve("tls").resolve(domain + ".key.pem");
      if (!Files.exists(cert) || !Files.exists(key)) {
        SelfSignedCertificate.write(domain, cert, key, clock);
        log.info("Generated a self-signed certificate for {} in {} (dev mode)", domain, cert.getParent());
      }
    }
    SslProvider provider = provider(settings.provider());
    List<String> ciphers = checkCiphers(provider, settings.policy().cipherSuites());
    try {
      SslContext ctx =
          SslContextBuilder.forServer(cert.toFile(), key.toFile())
              .sslProvider(provider)
              .protocols(settings.policy().protocols())
              .ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE)
              .clientAuth(ClientAuth.NONE)
              .build();
      String engine = provider.toString();
      if (ctx instanceof ReferenceCountedOpenSslContext openssl) {
        openssl.setBioNonApplicationBufferSize(settings.opensslHandshakeBuffer());
        engine += ", handshake buffer " + settings.opensslHandshakeBuffer() + " B";
      }
      String fp = sha256Fingerprint(cert);
      log.info("TLS certificate {} (SHA-256 {}), engine {}", cert, fp, engine);
      return new ServerTls(ctx, fp, cert, key, settings.policy(), provider);
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("cannot load TLS certificate " + cert + " / key " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * The configured suites, each checked to be known to the engine: a misspelt or unsupported name
   * fails start-up rather than silently narrowing (or, with a filter, widening) the policy.
   */
  static List<String> checkCiphers(SslProvider provider, List<String> wanted) throws IOException {
    Set<String> supported;
    if (provider == SslProvider.JDK) {
      try {
        supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("no default TLS context in this JDK", e);
      }
    } else {
      supported = null;
    }
    for (String name : wanted) {
      boolean ok = supported != null ? supported.contains(name) : OpenSsl.isCipherSuiteAvailable(name);
      if (!ok) {
        throw new InvalidSettingException("switchboard.tls.cipher-suites",
            "'" + name + "' is not a cipher suite the " + provider + " engine supports");
      }
    }
    return wanted;
  }

  static SslProvider provider(TlsSettings.Provider wanted) throws IOException {
    return switch (wanted) {
      case JDK -> SslProvider.JDK;
      case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
      case OPENSSL -> {
        if (!OpenSsl.isAvailable()) {
          throw new IOException("switchboard.tls.provider is openssl but netty-tcnative does not load here: "
              + OpenSsl.unavailabilityCause());
        }
        yield SslProvider.OPENSSL;
      }
    };
  }

  public SslContext context() {
    return context;
  }

  /** The PEM certificate chain (for listeners that build their own context, such as s2s). */
  public Path certFile() {
    return certFile;
  }

  /** The PEM key of {@link #certFile()}. */
  public Path keyFile() {
    return keyFile;
  }

  /** The cipher policy every TLS listener applies. */
  public TlsSettings.CipherPolicy policy() {
    return policy;
  }

  /** The TLS engine chosen at start-up. */
  public SslProvider provider() {
    return provider;
  }

  /**
   * A server {@link SSLEngine} of the JDK's provider with the same certificate and cipher policy,
   * for TLS stacks that drive a plain {@code SSLEngine} themselves (Pekko HTTP). The JDK context
   * is built on first use, with its cipher suites checked as at start-up.
   */
  public SSLEngine newJdkServerEngine() throws IOException {
    SslContext jdk = jdkContext;
    if (jdk == null) {
      synchronized (this) {
        jdk = jdkContext;
        if (jdk == null) {
          List<String> ciphers = checkCiphers(SslProvider.JDK, policy.cipherSuites());
          jdk = SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
              .sslProvider(SslProvider.JDK)
              .protocols(policy.protocols())
              .ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE)
              .clientAuth(ClientAuth.NONE)
              .build();
          jdkContext = jdk;
        }
      }
    }
    return jdk.newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT);
  }

  /**
   * The SCRAM-*-PLUS channel bindings of an established TLS session of this context (see
   * {@link TlsChannelBindings} for which engine gives which).
   */
  public io.switchboard.protocol.sasl.ChannelBindings channelBindings(SSLEngine engine) {
    TlsChannelBindings b = channelBindings;
    if (b == null) {
      try {
        b = TlsChannelBindings.forCertificate(certFile);
      } catch (IOException e) {
        log.warn("No channel binding: {}", e.getMessage());
        return io.switchboard.protocol.sasl.ChannelBindings.NONE;
      }
      channelBindings = b;
    }
    return b.of(engine);
  }

  /** "AB:CD:..." SHA-256 of the leaf certificate, for pinning in tests and clients. */
  public String fingerprint() {
    return fingerprint;
  }

  private static String sha256Fingerprint(Path certFile) throws IOException {
    try (var in = Files.newInputStream(certFile)) {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (CertificateException | NoSuchAlgorithmException e) {
      throw new IOException("cannot read certificate " + certFile, e);
    }
  }
}
