package io.switchboard.node.cluster;

import io.switchboard.persistence.local.SecretFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Dev mode's cluster certificates: a CA and one node certificate every node of the cluster shares
 * (CN and dNSName {@value #NAME}: the peers' subject check compares names), written as PEM files
 * readable by their owner only into the secrets directory, once, under its lock, so the nodes of
 * {@code ./switchboard cluster N} all get the same. RSA 2048, since Pekko's PEM loader reads RSA
 * keys only. The CA's key is not kept: nothing else is ever issued.
 */
public final class ClusterCertificates {
  static final String NAME = "switchboard-cluster";
  static final String CA_FILE = "cluster-ca.crt.pem";
  static final String CERT_FILE = "cluster.crt.pem";
  static final String KEY_FILE = "cluster.key.pem";
  private static final Duration VALIDITY = Duration.ofDays(3650);

  private ClusterCertificates() {}

  /** The dev-mode files in {@code dir}, generated if any is missing. */
  public static ClusterTlsSettings.PemFiles ensure(Path dir, Clock clock) throws IOException {
    ClusterTlsSettings.PemFiles files = new ClusterTlsSettings.PemFiles(
        dir.resolve(CERT_FILE), dir.resolve(KEY_FILE), dir.resolve(CA_FILE));
    SecretFiles.generateOnce(dir, () -> write(files, clock), files.cert(), files.key(), files.ca());
    return files;
  }

  /** Writes a new CA and node certificate to {@code files} (0600), replacing what is there. */
  public static void write(ClusterTlsSettings.PemFiles files, Clock clock) throws IOException {
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048, random);
      KeyPair caKeys = gen.generateKeyPair();
      KeyPair nodeKeys = gen.generateKeyPair();
      Instant now = clock.instant();
      Date from = Date.from(now.minus(Duration.ofDays(1)));
      Date to = Date.from(now.plus(VALIDITY));
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

      X500Name caName = new X500Name("CN=Switchboard cluster CA");
      JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(random), from, to, caName,
          caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ca.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCert = sign(ca, caKeys);

      JcaX509v3CertificateBuilder node = new JcaX509v3CertificateBuilder(caCert, serial(random), from, to,
          new X500Name("CN=" + NAME), nodeKeys.getPublic());
      node.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      node.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      node.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      node.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, NAME)));
      node.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
      X509Certificate nodeCert = sign(node, caKeys);

      SecretFiles.writePrivate(files.key(), pem(new JcaPKCS8Generator(nodeKeys.getPrivate(), null)));
      SecretFiles.writePrivate(files.cert(), pem(nodeCert));
      SecretFiles.writePrivate(files.ca(), pem(caCert));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot generate the cluster certificates: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(64, random).add(BigInteger.ONE);
  }

  private static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(o);
    }
    return w.toString();
  }
}
