package io.switchboard.node.s2s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Checks a peer server's certificate chain (RFC 6120 §13.7.2): a PKIX path to one of the trust
 * anchors (the configured CA file, or the JDK's default trust store) valid at the clock's time,
 * and a leaf whose names match the peer's domain ({@link CertificateNames}). TLS itself accepts any
 * certificate on s2s, so that a peer with a self-signed one can still be authenticated by
 * dialback; this class then decides whether SASL EXTERNAL may be offered or used. Thread-safe.
 */
public final class PeerCertificates {
  private final Set<TrustAnchor> anchors;
  private final Clock clock;

  /** The outcome: {@code valid} for the domain, else why not. */
  public record Verdict(boolean valid, String reason) {
    static final Verdict VALID = new Verdict(true, "valid");

    static Verdict invalid(String reason) {
      return new Verdict(false, reason);
    }
  }

  public PeerCertificates(Set<TrustAnchor> anchors, Clock clock) {
    this.anchors = Set.copyOf(anchors);
    this.clock = clock;
  }

  /** Anchors from a PEM bundle, or the JDK's default trust store when {@code caFile} is empty. */
  public static PeerCertificates load(Optional<Path> caFile, Clock clock) throws IOException {
    Set<TrustAnchor> anchors = new HashSet<>();
    try {
      if (caFile.isPresent()) {
        try (InputStream in = Files.newInputStream(caFile.get())) {
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            anchors.add(new TrustAnchor((X509Certificate) c, null));
          }
        }
        if (anchors.isEmpty()) {
          throw new IOException("no certificate in " + caFile.get());
        }
      } else {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
          if (tm instanceof X509TrustManager x) {
            for (X509Certificate c : x.getAcceptedIssuers()) {
              anchors.add(new TrustAnchor(c, null));
            }
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read trust anchors: " + e.getMessage(), e);
    }
    return new PeerCertificates(anchors, clock);
  }

  /** Whether {@code chain} (leaf first, as TLS gives it) is trusted and names {@code domain}. */
  public Verdict check(List<X509Certificate> chain, String domain) {
    if (chain == null || chain.isEmpty()) {
      return Verdict.invalid("no certificate");
    }
    if (!CertificateNames.matches(chain.get(0), domain)) {
      return Verdict.invalid("the certificate does not name " + domain);
    }
    if (anchors.isEmpty()) {
      return Verdict.invalid("no trust anchors");
    }
    List<X509Certificate> path = new ArrayList<>(chain);
    // A chain may end with its root; PKIX wants the path without the anchor.
    while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
      path.remove(path.size() - 1);
    }
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return Verdict.VALID;
    } catch (GeneralSecurityException e) {
      return Verdict.invalid("untrusted: " + e.getMessage());
    }
  }

  private boolean isAnchor(X509Certificate c) {
    for (TrustAnchor a : anchors) {
      if (c.equals(a.getTrustedCert())) {
        return true;
      }
    }
    return false;
  }

  /** The peer's chain from a TLS session (empty when it sent none). */
  public static List<X509Certificate> chainOf(javax.net.ssl.SSLSession session) {
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      return out;
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
