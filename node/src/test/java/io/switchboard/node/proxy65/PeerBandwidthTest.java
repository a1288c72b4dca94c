package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.net.PeerAddresses;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PeerBandwidthTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void acquire_samePeer_sharesOneBudget_otherPeerHasItsOwn() throws Exception {
    PeerBandwidth bw = new PeerBandwidth(1024);
    PeerAddresses.Key alice = PeerAddresses.key(InetAddress.getByName("192.0.2.1"));
    PeerAddresses.Key bob = PeerAddresses.key(InetAddress.getByName("192.0.2.2"));
    PeerBandwidth.Lease a1 = bw.acquire(alice, 0);
    PeerBandwidth.Lease a2 = bw.acquire(alice, 0);
    PeerBandwidth.Lease b1 = bw.acquire(bob, 0);

    assertThat(a1.take(1024, 0)).isZero();
    assertThat(a2.take(512, 0)).as("the second stream of the same peer waits").isEqualTo(SECOND / 2);
    assertThat(b1.take(1024, 0)).as("another peer").isZero();
    assertThat(a2.take(0, SECOND)).as("refilled a second later").isZero();
  }

  @Test
  void release_lastHolder_dropsTheBucket() throws Exception {
    PeerBandwidth bw = new PeerBandwidth(1024);
    PeerAddresses.Key peer = PeerAddresses.key(InetAddress.getByName("2001:db8::1"));
    PeerBandwidth.Lease first = bw.acquire(peer, 0);
    PeerBandwidth.Lease second = bw.acquire(PeerAddresses.key(InetAddress.getByName("2001:db8::2")), 0);
    assertThat(bw.peers()).as("one /64").isEqualTo(1);

    first.release();
    first.release();
    assertThat(bw.peers()).isEqualTo(1);
    second.release();
    assertThat(bw.peers()).isZero();
  }
}
