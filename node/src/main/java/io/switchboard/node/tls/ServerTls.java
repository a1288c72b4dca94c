package io.switchboard.node.tls;

import io.netty.handler.ssl.ClientAuth;
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
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context: TLS 1.3 and 1.2 only, from configured PEM files or the dev-mode
 * self-signed pair under {@code <data-dir>/tls/}, on BoringSSL (netty-tcnative) or the JDK's
 * engine ({@link TlsSettings.Provider}). BoringSSL keeps a connection's TLS state off the Java heap
 * and in less memory than the JDK's SSLEngine, which matters with many idle connections.
 */
public final class ServerTls {
  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SslContext context;
  private final String fingerprint;
  private final Path cert;
  private final Path key;

  private ServerTls(SslContext context, String fingerprint, Path cert, Path key) {
    this.context = context;
    this.fingerprint = fingerprint;
    this.cert = cert;
    this.key = key;
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
    try {
      SslContext ctx =
          SslContextBuilder.forServer(cert.toFile(), key.toFile())
              .sslProvider(provider)
              .protocols(PROTOCOLS)
              .clientAuth(ClientAuth.NONE)
              .build();
      String engine = provider.toString();
      if (ctx instanceof ReferenceCountedOpenSslContext openssl) {
        openssl.setBioNonApplicationBufferSize(settings.opensslHandshakeBuffer());
        engine += ", handshake buffer " + settings.opensslHandshakeBuffer() + " B";
      }
      String fp = sha256Fingerprint(cert);
      log.info("TLS certificate {} (SHA-256 {}), engine {}", cert, fp, engine);
      return new ServerTls(ctx, fp, cert, key);
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("cannot load TLS certificate " + cert + " / key " + key + ": " + e.getMessage(), e);
    }
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

  /** "AB:CD:..." SHA-256 of the leaf certificate, for pinning in tests and clients. */
  /**
   * The same certificate and key as a JDK {@link javax.net.ssl.SSLContext} (TLS 1.3 and 1.2), for
   * listeners that are not Netty's: the HTTP port (Pekko HTTP) when {@code switchboard.web.tls}.
   */
  public javax.net.ssl.SSLContext jdkContext() throws IOException {
    try {
      SslContext jdk = SslContextBuilder.forServer(cert.toFile(), key.toFile())
          .sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
      return ((io.netty.handler.ssl.JdkSslContext) jdk).context();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("cannot load TLS certificate " + cert + " / key " + key + ": " + e.getMessage(), e);
    }
  }

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
