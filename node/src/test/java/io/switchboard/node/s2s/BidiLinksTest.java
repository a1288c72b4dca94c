package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sharding.s2s.OutboundLinks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BidiLinksTest {
  /** Records what it was asked to carry. */
  private static final class FakeCarrier implements BidiLinks.Carrier {
    final List<String> attached = new ArrayList<>();

    @Override
    public void attach(String local, String remote, OutboundLinks.Listener listener, Runnable orElse) {
      attached.add(local + ">" + remote);
    }
  }

  private static final OutboundLinks.Listener LISTENER = new OutboundLinks.Listener() {
    @Override
    public void up(OutboundLinks.Link link) {}

    @Override
    public void written(long seq) {}

    @Override
    public void down(String reason, boolean unreachable) {}
  };

  @Test
  void nothingOffered_callerDialsOut() {
    BidiLinks links = new BidiLinks();
    assertThat(links.attach("sw.test", "peer.test", LISTENER, () -> {})).isFalse();
  }

  @Test
  void offeredPair_attachesToItsStream_onlyForThatDirection() {
    BidiLinks links = new BidiLinks();
    FakeCarrier stream = new FakeCarrier();
    links.offer("sw.test", "peer.test", stream);
    assertThat(links.attach("sw.test", "peer.test", LISTENER, () -> {})).isTrue();
    assertThat(links.attach("pubsub.sw.test", "peer.test", LISTENER, () -> {})).isFalse();
    assertThat(links.attach("sw.test", "other.test", LISTENER, () -> {})).isFalse();
    assertThat(stream.attached).containsExactly("sw.test>peer.test");
  }

  @Test
  void latestOfferWins_andAnOldStreamsWithdrawalKeepsIt() {
    BidiLinks links = new BidiLinks();
    FakeCarrier first = new FakeCarrier();
    FakeCarrier second = new FakeCarrier();
    links.offer("sw.test", "peer.test", first);
    links.offer("sw.test", "peer.test", second);
    links.withdraw("sw.test", "peer.test", first);
    assertThat(links.attach("sw.test", "peer.test", LISTENER, () -> {})).isTrue();
    assertThat(second.attached).hasSize(1);
    assertThat(first.attached).isEmpty();
    links.withdraw("sw.test", "peer.test", second);
    assertThat(links.attach("sw.test", "peer.test", LISTENER, () -> {})).isFalse();
    assertThat(links.size()).isZero();
  }
}
