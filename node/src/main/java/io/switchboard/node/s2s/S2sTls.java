package io.switchboard.node.s2s;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.switchboard.node.tls.ServerTls;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * The TLS contexts of server-to-server streams, with the node's certificate and cipher policy: a
 * server context that asks for (but does not require) the peer's certificate, and a client context
 * that presents ours (for SASL EXTERNAL, RFC 6120 §13.7). Both let the handshake finish whatever
 * the peer presents: {@link PeerCertificates} decides afterwards whether the certificate
 * authenticates the peer's domain, and dialback (XEP-0220) is the fallback where policy allows it.
 * TLS itself (encryption) is still required by default.
 */
public final class S2sTls {
  private final SslContext server;
  private final SslContext client;

  private S2sTls(SslContext server, SslContext client) {
    this.server = server;
    this.client = client;
  }

  public static S2sTls of(ServerTls tls) throws IOException {
    try {
      SslContext server = SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile())
          .sslProvider(tls.provider())
          .protocols(tls.policy().protocols())
          .ciphers(tls.policy().cipherSuites(), IdentityCipherSuiteFilter.INSTANCE)
          .clientAuth(ClientAuth.OPTIONAL)
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .build();
      SslContext client = SslContextBuilder.forClient()
          .keyManager(tls.certFile().toFile(), tls.keyFile().toFile())
          .sslProvider(tls.provider())
          .protocols(tls.policy().protocols())
          .ciphers(tls.policy().cipherSuites(), IdentityCipherSuiteFilter.INSTANCE)
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .build();
      return new S2sTls(server, client);
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("cannot build the s2s TLS contexts: " + e.getMessage(), e);
    }
  }

  public SslContext server() {
    return server;
  }

  public SslContext client() {
    return client;
  }
}
