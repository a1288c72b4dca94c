package io.switchboard.node.tls;

import io.switchboard.protocol.sasl.ChannelBindingType;
import io.switchboard.protocol.sasl.ChannelBindings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel bindings a server-side TLS connection can give SCRAM-*-PLUS, and which engine can
 * give which:
 *
 * <ul>
 *   <li>{@code tls-server-end-point} (RFC 5929 §4): the hash of our own certificate with the hash
 *       function of its signature algorithm (SHA-256 for MD5 or SHA-1 ones). It needs nothing from
 *       the engine, so BoringSSL (netty-tcnative) and the JDK engine both give it, over TLS 1.2 and
 *       1.3 alike. A certificate signed without one single hash (Ed25519, RSASSA-PSS) has no such
 *       binding (RFC 5929 leaves it undefined), and then none is offered.
 *   <li>{@code tls-exporter} (RFC 9266): 32 bytes of the TLS exporter with label
 *       "EXPORTER-Channel-Binding" and an empty context, offered for TLS 1.3 only (with TLS 1.2 it
 *       is safe only with the extended master secret, which neither engine reports). Exporting
 *       keying material needs the engine's help: the JDK engine has it from Java 25
 *       ({@code ExtendedSSLSession.exportKeyingMaterialData}, looked up at run time since the node
 *       builds for Java 17); netty-tcnative 2.0.x binds no {@code SSL_export_keying_material}, so
 *       BoringSSL connections do not offer it, and neither does any engine on Java 17–24.
 * </ul>
 */
public final class TlsChannelBindings {
  private static final Logger log = LoggerFactory.getLogger(TlsChannelBindings.class);
  private static final String EXPORTER_LABEL = "EXPORTER-Channel-Binding";
  private static final int EXPORTER_BYTES = 32;
  private static final Method EXPORT = exporter();

  private final Optional<byte[]> serverEndPoint;

  private TlsChannelBindings(Optional<byte[]> serverEndPoint) {
    this.serverEndPoint = serverEndPoint;
  }

  /** For a server presenting the leaf certificate in {@code certFile} (PEM, first certificate). */
  public static TlsChannelBindings forCertificate(Path certFile) throws IOException {
    try (InputStream in = Files.newInputStream(certFile)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      Optional<byte[]> endPoint = serverEndPoint(cert);
      if (endPoint.isEmpty()) {
        log.info("Certificate {} is signed with {}: no tls-server-end-point channel binding (RFC 5929 §4.1)",
            certFile, cert.getSigAlgName());
      }
      return new TlsChannelBindings(endPoint);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read certificate " + certFile, e);
    }
  }

  /** Whether this runtime's JDK engine can export keying material (Java 25 or later). */
  public static boolean exporterAvailable() {
    return EXPORT != null;
  }

  /**
   * RFC 5929 §4.1: the certificate's hash under its signature algorithm's hash function (MD5 and
   * SHA-1 replaced by SHA-256); empty when the algorithm has no single hash function.
   */
  static Optional<byte[]> serverEndPoint(X509Certificate cert) throws GeneralSecurityException {
    String alg = cert.getSigAlgName().toUpperCase(Locale.ROOT);
    int with = alg.indexOf("WITH");
    if (with <= 0) {
      return Optional.empty();
    }
    String digest = switch (alg.substring(0, with)) {
      case "MD5", "SHA1", "SHA-1", "SHA256", "SHA-256" -> "SHA-256";
      case "SHA224", "SHA-224" -> "SHA-224";
      case "SHA384", "SHA-384" -> "SHA-384";
      case "SHA512", "SHA-512" -> "SHA-512";
      default -> null;
    };
    return digest == null ? Optional.empty() : Optional.of(MessageDigest.getInstance(digest).digest(cert.getEncoded()));
  }

  /**
   * The bindings of the established TLS session of {@code engine}. The exporter, where the engine
   * has one, is computed here once (a few microseconds), so what the stream features advertise is
   * what the exchange later finds.
   */
  public ChannelBindings of(SSLEngine engine) {
    Map<ChannelBindingType, Supplier<Optional<byte[]>>> m = new EnumMap<>(ChannelBindingType.class);
    Optional<byte[]> exporter = exporter(engine.getSession());
    exporter.ifPresent(data -> m.put(ChannelBindingType.TLS_EXPORTER, () -> Optional.of(data)));
    serverEndPoint.ifPresent(data -> m.put(ChannelBindingType.TLS_SERVER_END_POINT, () -> Optional.of(data)));
    return ChannelBindings.of(m);
  }

  /** RFC 9266 §2 on a TLS 1.3 session whose engine exports keying material; else empty. */
  static Optional<byte[]> exporter(SSLSession session) {
    if (EXPORT == null || !(session instanceof ExtendedSSLSession) || !"TLSv1.3".equals(session.getProtocol())) {
      return Optional.empty();
    }
    try {
      Object data = EXPORT.invoke(session, EXPORTER_LABEL, new byte[0], EXPORTER_BYTES);
      return data instanceof byte[] b && b.length == EXPORTER_BYTES ? Optional.of(b) : Optional.empty();
    } catch (InvocationTargetException e) {
      // UnsupportedOperationException: an engine (BoringSSL's session wrapper) without exporters.
      return Optional.empty();
    } catch (IllegalAccessException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Method exporter() {
    try {
      return ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class);
    } catch (NoSuchMethodException e) {
      return null; // Java 17–24
    }
  }
}
