package io.switchboard.bench.client;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client TLS context for STARTTLS against test servers with self-signed certificates: either
 * trust any certificate (loopback only, so no one can be in the middle) or pin the server
 * certificate's SHA-256 fingerprint. Uses OpenSSL (BoringSSL via netty-tcnative) when it loads,
 * because its per-connection state is far smaller than the JDK engine's; the JDK otherwise.
 */
public final class ClientTls {
  private ClientTls() {}

  /**
   * @param pinnedSha256 hex SHA-256 fingerprint of the server certificate (colons allowed), or
   *     null to trust any certificate
   */
  public static SslContext context(String pinnedSha256) throws SSLException {
    TrustManagerFactory trust = pinnedSha256 == null
        ? InsecureTrustManagerFactory.INSTANCE
        : FingerprintTrustManagerFactory.builder("SHA-256")
            .fingerprints(pinnedSha256.replace(":", "").toLowerCase(Locale.ROOT))
            .build();
    return SslContextBuilder.forClient()
        .sslProvider(provider())
        .trustManager(trust)
        .build();
  }

  /** OPENSSL when netty-tcnative loaded, JDK otherwise. */
  public static SslProvider provider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }
}
