package io.switchboard.node.s2s;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA and server certificates with the names RFC 6125 / RFC 6120 §13.7.1 know, made with BouncyCastle. */
final class TestCertificates {
  private TestCertificates() {}

  /** A key pair and its certificate. */
  record Issued(KeyPair keys, X509Certificate cert) {
    /** Writes {@code <name>.crt.pem} and {@code <name>.key.pem} (PKCS#8) into {@code dir}. */
    Path[] write(Path dir, String name) throws IOException {
      Files.createDirectories(dir);
      Path crt = dir.resolve(name + ".crt.pem");
      Path key = dir.resolve(name + ".key.pem");
      try (Writer w = Files.newBufferedWriter(crt, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(cert);
      }
      try (Writer w = Files.newBufferedWriter(key, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
      }
      return new Path[] {crt, key};
    }
  }

  /** Names to put in a certificate's subjectAltName. */
  record Names(String cn, List<String> dns, List<String> xmppAddrs, List<String> srvIds) {
    static Names dns(String cn, String... dns) {
      return new Names(cn, List.of(dns), List.of(), List.of());
    }
  }

  /**
   * A TLS context presenting {@code own} (a certificate and its issuer; none when null) and
   * trusting any peer: for the raw test peers, whose counterpart's identity is not under test.
   */
  static javax.net.ssl.SSLContext trustingAnyone(Issued[] own) throws Exception {
    javax.net.ssl.KeyManager[] keys = null;
    if (own != null) {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "test".toCharArray();
      ks.setKeyEntry("own", own[0].keys().getPrivate(), pw, new java.security.cert.Certificate[] {own[0].cert(), own[1].cert()});
      javax.net.ssl.KeyManagerFactory kmf =
          javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      keys = kmf.getKeyManagers();
    }
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(keys, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new java.security.SecureRandom());
    return ctx;
  }

  static KeyPair keys() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return gen.generateKeyPair();
  }

  static Issued ca(String cn) throws Exception {
    KeyPair kp = keys();
    X500Name name = new X500Name("CN=" + cn);
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new Issued(kp, sign(b, kp));
  }

  /** A server certificate for {@code names}, issued by {@code ca} (self-signed when null). */
  static Issued server(Issued ca, Names names) throws Exception {
    return server(ca, names, Instant.now().plus(Duration.ofDays(30)));
  }

  static Issued server(Issued ca, Names names, Instant notAfter) throws Exception {
    KeyPair kp = keys();
    X500Name subject = new X500Name("CN=" + names.cn());
    X500Name issuer = ca == null ? subject : X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded());
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(notAfter), subject, kp.getPublic());
    List<GeneralName> sans = new ArrayList<>();
    names.dns().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
    names.xmppAddrs().forEach(x -> sans.add(otherName(CertificateNames.XMPP_ADDR_OID, new DERUTF8String(x))));
    names.srvIds().forEach(s -> sans.add(otherName(CertificateNames.SRV_NAME_OID, new DERIA5String(s))));
    if (!sans.isEmpty()) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
    }
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    return new Issued(kp, sign(b, ca == null ? kp : ca.keys()));
  }

  private static GeneralName otherName(String oid, org.bouncycastle.asn1.ASN1Encodable value) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1ObjectIdentifier(oid));
    v.add(new DERTaggedObject(true, 0, value));
    return new GeneralName(GeneralName.otherName, new DERSequence(v));
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }
}
