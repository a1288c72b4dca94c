package io.switchboard.node.testing;

import io.switchboard.node.process.NodeProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** Smack connections to an {@link InProcessNode}, over STARTTLS with its dev certificate. */
public final class SmackClients {
  static {
    SmackConfiguration.setDefaultReplyTimeout(10_000);
    // Smack with Aalto (on the test classpath) would kill its reader on an unknown element with a
    // default namespace, such as XEP-0060's <closed-node/>; see DefaultPrefixAsNull.
    DefaultPrefixAsNull.install();
  }

  private SmackClients() {}

  public static XMPPTCPConnectionConfiguration.Builder config(InProcessNode node, String user, String password) {
    try {
      return XMPPTCPConnectionConfiguration.builder()
          .setXmppDomain(node.domain())
          .setHost("127.0.0.1")
          .setPort(node.c2sPort())
          .setUsernameAndPassword(user, password)
          .setSecurityMode(SecurityMode.required)
          .setCustomX509TrustManager(trustOnly(node))
          .setSendPresence(true);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A client of a node started as its own process (domain localhost), over STARTTLS trusting
   * exactly that node's dev-mode certificate.
   */
  public static XMPPTCPConnection connect(NodeProcess node, String user, String password, String resource)
      throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain("localhost")
        .setHost("127.0.0.1")
        .setPort(Integer.parseInt(node.env("SWITCHBOARD_C2S_PORT")))
        .setUsernameAndPassword(user, password)
        .setResource(resource)
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(trustOnly(node.dataDir().resolve("tls").resolve("localhost.crt.pem")))
        .setSendPresence(true)
        .build());
    c.connect().login();
    return c;
  }

  public static XMPPTCPConnection connect(InProcessNode node, String user, String password, String resource)
      throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(config(node, user, password).setResource(resource).build());
    c.connect().login();
    return c;
  }

  /** Whether {@code user} can log in with {@code password} (a SASL failure is false; anything else throws). */
  public static boolean canLogin(InProcessNode node, String user, String password) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(config(node, user, password).setResource("probe").build());
    try {
      c.connect().login();
      return true;
    } catch (SASLErrorException e) {
      return false;
    } finally {
      c.disconnect();
    }
  }

  /**
   * Trusts exactly the node's dev-mode certificate (generated under its data dir), so the tests
   * check that the server presents it and that hostname verification for the domain passes.
   */
  public static X509TrustManager trustOnly(InProcessNode node) throws Exception {
    return trustOnly(node.node().settings().dataDir().resolve("tls").resolve(node.domain() + ".crt.pem"));
  }

  /** Trusts exactly the certificate in this PEM file (a node's dev-mode certificate). */
  public static X509TrustManager trustOnly(Path pem) throws Exception {
    Certificate cert;
    try (InputStream in = Files.newInputStream(pem)) {
      cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("node", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X509TrustManager");
  }
}
