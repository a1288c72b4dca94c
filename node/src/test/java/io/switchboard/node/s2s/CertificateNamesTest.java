package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6125 §6 matching as RFC 6120 §13.7.1.2 and XEP-0178 profile it for s2s. */
class CertificateNamesTest {

  private static CertificateNames.Identities ids(TestCertificates.Names n) throws Exception {
    return CertificateNames.of(TestCertificates.server(null, n).cert());
  }

  @Test
  void matches_dnsIdExact_caseAndTrailingDotIgnored() throws Exception {
    var ids = ids(TestCertificates.Names.dns("ignored", "Example.COM."));
    assertThat(CertificateNames.matches(ids, "example.com")).isTrue();
    assertThat(CertificateNames.matches(ids, "EXAMPLE.com")).isTrue();
    assertThat(CertificateNames.matches(ids, "www.example.com")).isFalse();
  }

  /** RFC 6125 §6.4.3: a wildcard is one complete left-most label. */
  @Test
  void matches_wildcard_oneLeftMostLabelOnly() throws Exception {
    var ids = ids(TestCertificates.Names.dns("x", "*.example.com"));
    assertThat(CertificateNames.matches(ids, "foo.example.com")).isTrue();
    assertThat(CertificateNames.matches(ids, "bar.foo.example.com")).isFalse();
    assertThat(CertificateNames.matches(ids, "example.com")).isFalse();
  }

  @Test
  void matches_partialLabelOrTopLevelWildcard_refused() throws Exception {
    assertThat(CertificateNames.matches(ids(TestCertificates.Names.dns("x", "f*.example.com")), "foo.example.com"))
        .isFalse();
    assertThat(CertificateNames.matches(ids(TestCertificates.Names.dns("x", "*.com")), "example.com")).isFalse();
  }

  @Test
  void matches_xmppAddr_exactDomain() throws Exception {
    var ids = ids(new TestCertificates.Names("x", List.of(), List.of("im.example.org"), List.of()));
    assertThat(ids.xmppAddrs()).containsExactly("im.example.org");
    assertThat(CertificateNames.matches(ids, "im.example.org")).isTrue();
    assertThat(CertificateNames.matches(ids, "example.org")).isFalse();
  }

  /** RFC 6120 §13.7.1.2.1 / RFC 4985: _xmpp-server names a server; _xmpp-client does not. */
  @Test
  void matches_srvId_serverServiceOnly() throws Exception {
    var server = ids(new TestCertificates.Names("x", List.of(), List.of(), List.of("_xmpp-server.example.net")));
    var client = ids(new TestCertificates.Names("x", List.of(), List.of(), List.of("_xmpp-client.example.net")));
    assertThat(CertificateNames.matches(server, "example.net")).isTrue();
    assertThat(CertificateNames.matches(client, "example.net")).isFalse();
  }

  /** RFC 6125 §6.4.4: the CN counts only when there is no subjectAltName identifier. */
  @Test
  void matches_commonName_onlyWithoutSubjectAltNames() throws Exception {
    assertThat(CertificateNames.matches(ids(new TestCertificates.Names("cn.example", List.of(), List.of(), List.of())),
        "cn.example")).isTrue();
    assertThat(CertificateNames.matches(ids(TestCertificates.Names.dns("cn.example", "other.example")), "cn.example"))
        .isFalse();
  }

  @Test
  void matches_internationalisedDomain_comparedAsALabels() throws Exception {
    var ids = ids(TestCertificates.Names.dns("x", "xn--bcher-kva.example"));
    assertThat(CertificateNames.matches(ids, "bücher.example")).isTrue();
  }
}
