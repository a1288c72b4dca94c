package io.switchboard.node.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client listeners' connection limits (issue #23 F16): a node-wide cap answered with
 * resource-constraint, and the per-address limit counting an IPv6 peer by its /64 (it used to count
 * per /128, so one host with a /64 could open a connection from each of its addresses).
 */
class ConnectionLimiterTest {

  @Test
  void channelActive_ipv6SameSlash64_countedAsOnePeer() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter(100, 2);
    assertThat(connect(limiter, "2001:db8:aa:bb::1").outcome).isEqualTo("active");
    assertThat(connect(limiter, "2001:db8:aa:bb:1:2:3:4").outcome).isEqualTo("active");
    assertThat(connect(limiter, "2001:db8:aa:bb:ffff::9").outcome).isEqualTo("TOO_MANY_CONNECTIONS");
    assertThat(connect(limiter, "2001:db8:aa:bc::1").outcome).as("the next /64").isEqualTo("active");
  }

  @Test
  void channelActive_ipv4_countedPerAddressAndReleasedOnClose() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter(100, 1);
    Peer first = connect(limiter, "192.0.2.1");
    assertThat(first.outcome).isEqualTo("active");
    assertThat(connect(limiter, "192.0.2.2").outcome).isEqualTo("active");
    assertThat(connect(limiter, "192.0.2.1").outcome).isEqualTo("TOO_MANY_CONNECTIONS");
    first.channel.close();
    assertThat(connect(limiter, "192.0.2.1").outcome).isEqualTo("TOO_MANY_CONNECTIONS"); // the refused one is still open
  }

  @Test
  void channelActive_beyondTheNodeCap_nodeFull() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter(3, 1000);
    List<Peer> open = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      open.add(connect(limiter, "192.0.2." + i));
      assertThat(open.get(open.size() - 1).outcome).isEqualTo("active");
    }
    assertThat(connect(limiter, "198.51.100.1").outcome).isEqualTo("NODE_FULL");
    assertThat(limiter.total()).isEqualTo(4);
    open.get(0).channel.close();
    open.get(1).channel.close();
    assertThat(connect(limiter, "198.51.100.1").outcome).isEqualTo("active");
  }

  private static final class Peer {
    EmbeddedChannel channel;
    String outcome = "none";
  }

  private static Peer connect(ConnectionLimiter limiter, String ip) throws Exception {
    InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(ip), 40000);
    Peer peer = new Peer();
    EmbeddedChannel ch = new EmbeddedChannel() {
      @Override
      protected SocketAddress remoteAddress0() {
        return remote;
      }
    };
    ch.pipeline().addLast(limiter, new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        peer.outcome = "active";
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        peer.outcome = String.valueOf(evt);
      }
    });
    ch.pipeline().fireChannelActive();
    peer.channel = ch;
    return peer;
  }
}
