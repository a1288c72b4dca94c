package io.switchboard.node.s2s;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * The names a certificate presents for an XMPP server and whether one of them is a given domain:
 * RFC 6125 §6 as RFC 6120 §13.7.1.2 and XEP-0178 profile it for server-to-server streams.
 *
 * <ul>
 *   <li>{@code id-on-xmppAddr} (otherName 1.3.6.1.5.5.7.8.5, RFC 6120 §13.7.1.4): the domain
 *       exactly;
 *   <li>SRV-ID (otherName 1.3.6.1.5.5.7.8.7, RFC 4985): {@code _xmpp-server.<domain>} (a
 *       {@code _xmpp-client} SRV-ID does not make a server);
 *   <li>DNS-ID (dNSName): the domain, or a wildcard {@code *.<parent>} matching exactly one
 *       left-most label (RFC 6125 §6.4.3; a partial-label wildcard such as {@code f*.example.com}
 *       is not accepted, nor a wildcard for the parent itself);
 *   <li>the subject's CN as a DNS-ID only when the certificate has no subjectAltName of the types
 *       above (RFC 6125 §6.4.4).
 * </ul>
 * Comparison is on the A-label form (IDNA), case-insensitive, with a trailing dot ignored.
 */
public final class CertificateNames {
  static final String XMPP_ADDR_OID = "1.3.6.1.5.5.7.8.5";
  static final String SRV_NAME_OID = "1.3.6.1.5.5.7.8.7";
  private static final String SRV_PREFIX = "_xmpp-server.";

  /** The identifiers found in one certificate. */
  public record Identities(List<String> xmppAddrs, List<String> srvIds, List<String> dnsIds, List<String> commonNames) {
    public Identities {
      xmppAddrs = List.copyOf(xmppAddrs);
      srvIds = List.copyOf(srvIds);
      dnsIds = List.copyOf(dnsIds);
      commonNames = List.copyOf(commonNames);
    }

    boolean hasSubjectAltNames() {
      return !xmppAddrs.isEmpty() || !srvIds.isEmpty() || !dnsIds.isEmpty();
    }
  }

  private CertificateNames() {}

  /** Reads the identifiers of {@code cert}. */
  public static Identities of(X509Certificate cert) {
    List<String> xmpp = new ArrayList<>();
    List<String> srv = new ArrayList<>();
    List<String> dns = new ArrayList<>();
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      sans = null;
    }
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        if (type == 2 && san.get(1) instanceof String name) {
          dns.add(name);
        } else if (type == 0 && san.get(1) instanceof byte[] der) {
          otherName(der, xmpp, srv);
        }
      }
    }
    return new Identities(xmpp, srv, dns, commonNames(cert.getSubjectX500Principal()));
  }

  private static void otherName(byte[] der, List<String> xmpp, List<String> srv) {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      OtherName on = p instanceof ASN1TaggedObject tagged
          ? OtherName.getInstance(tagged.getBaseObject())
          : OtherName.getInstance(p);
      ASN1ObjectIdentifier oid = on.getTypeID();
      ASN1Encodable value = on.getValue();
      while (value instanceof ASN1TaggedObject t) {
        value = t.getBaseObject();
      }
      if (!(value instanceof ASN1String s)) {
        return;
      }
      if (oid.getId().equals(XMPP_ADDR_OID)) {
        xmpp.add(s.getString());
      } else if (oid.getId().equals(SRV_NAME_OID)) {
        srv.add(s.getString());
      }
    } catch (java.io.IOException | RuntimeException e) {
      // An otherName we cannot read names nothing for us.
    }
  }

  private static List<String> commonNames(X500Principal subject) {
    List<String> out = new ArrayList<>();
    try {
      for (RDN rdn : X500Name.getInstance(subject.getEncoded()).getRDNs(BCStyle.CN)) {
        if (rdn.getFirst() != null && rdn.getFirst().getValue() instanceof ASN1String s) {
          out.add(s.getString());
        }
      }
    } catch (RuntimeException e) {
      // No readable CN.
    }
    return out;
  }

  /** Whether {@code cert} identifies the XMPP server of {@code domain}. */
  public static boolean matches(X509Certificate cert, String domain) {
    return matches(of(cert), domain);
  }

  /** Whether identifiers {@code ids} name the XMPP server of {@code domain}. */
  public static boolean matches(Identities ids, String domain) {
    String want = normalise(domain);
    if (want == null) {
      return false;
    }
    for (String x : ids.xmppAddrs()) {
      if (want.equals(normalise(x))) {
        return true;
      }
    }
    for (String s : ids.srvIds()) {
      String n = s.toLowerCase(Locale.ROOT);
      if (n.startsWith(SRV_PREFIX) && want.equals(normalise(s.substring(SRV_PREFIX.length())))) {
        return true;
      }
    }
    List<String> dnsIds = ids.hasSubjectAltNames() ? ids.dnsIds() : ids.commonNames();
    for (String d : dnsIds) {
      if (dnsIdMatches(d, want)) {
        return true;
      }
    }
    return false;
  }

  static boolean dnsIdMatches(String presented, String domain) {
    if (presented.startsWith("*.")) {
      String parent = normalise(presented.substring(2));
      int dot = domain.indexOf('.');
      // Exactly one left-most label, never the parent itself; a parent of one label (*.com) is not accepted.
      return parent != null && parent.contains(".") && dot > 0 && domain.substring(dot + 1).equals(parent);
    }
    if (presented.contains("*")) {
      return false;
    }
    String p = normalise(presented);
    return p != null && p.equals(domain);
  }

  /** The A-label, lower-case form without a trailing dot; null when not a host name. */
  static String normalise(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = name.trim();
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    try {
      return IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
