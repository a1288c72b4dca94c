package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.TrustAnchor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PKIX to the trust anchors plus RFC 6125 names (RFC 6120 §13.7.2). */
class PeerCertificatesTest {

  @Test
  void check_issuedByAnchorAndNamed_valid() throws Exception {
    var ca = TestCertificates.ca("Test CA");
    var leaf = TestCertificates.server(ca, TestCertificates.Names.dns("peer.example", "peer.example"));
    var peers = new PeerCertificates(Set.of(new TrustAnchor(ca.cert(), null)), Clock.systemUTC());
    assertThat(peers.check(List.of(leaf.cert()), "peer.example").valid()).isTrue();
    assertThat(peers.check(List.of(leaf.cert(), ca.cert()), "peer.example").valid()).as("chain ending in the root").isTrue();
  }

  @Test
  void check_otherDomain_invalid() throws Exception {
    var ca = TestCertificates.ca("Test CA");
    var leaf = TestCertificates.server(ca, TestCertificates.Names.dns("peer.example", "peer.example"));
    var peers = new PeerCertificates(Set.of(new TrustAnchor(ca.cert(), null)), Clock.systemUTC());
    PeerCertificates.Verdict v = peers.check(List.of(leaf.cert()), "evil.example");
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).contains("does not name");
  }

  @Test
  void check_selfSignedOrOtherCa_invalid() throws Exception {
    var ca = TestCertificates.ca("Test CA");
    var other = TestCertificates.ca("Other CA");
    var peers = new PeerCertificates(Set.of(new TrustAnchor(ca.cert(), null)), Clock.systemUTC());
    var selfSigned = TestCertificates.server(null, TestCertificates.Names.dns("peer.example", "peer.example"));
    var foreign = TestCertificates.server(other, TestCertificates.Names.dns("peer.example", "peer.example"));
    assertThat(peers.check(List.of(selfSigned.cert()), "peer.example").valid()).isFalse();
    assertThat(peers.check(List.of(foreign.cert()), "peer.example").valid()).isFalse();
    assertThat(peers.check(List.of(), "peer.example").valid()).isFalse();
  }

  @Test
  void check_expired_invalid() throws Exception {
    var ca = TestCertificates.ca("Test CA");
    var leaf = TestCertificates.server(ca, TestCertificates.Names.dns("peer.example", "peer.example"),
        Instant.now().plus(Duration.ofDays(2)));
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), java.time.ZoneOffset.UTC);
    var peers = new PeerCertificates(Set.of(new TrustAnchor(ca.cert(), null)), later);
    assertThat(peers.check(List.of(leaf.cert()), "peer.example").valid()).isFalse();
  }
}
