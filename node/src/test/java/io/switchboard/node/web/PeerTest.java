package io.switchboard.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

class PeerTest {
  private static HttpRequest from(String ip) {
    return HttpRequest.create("/xmpp-websocket")
        .addAttribute(AttributeKeys.remoteAddress, RemoteAddress.create(new InetSocketAddress(ip, 40000)));
  }

  @Test
  void of_plainPortWithoutTrustedFront_plaintextAndSocketAddress() {
    HttpRequest req = from("10.0.0.9").addHeader(RawHeader.create("X-Forwarded-Proto", "https"))
        .addHeader(RawHeader.create("X-Forwarded-For", "203.0.113.7"));
    Peer p = Peer.of(req, false, WebSettings.Front.NONE);
    assertThat(p.secure()).isFalse(); // a header anyone can send proves nothing
    assertThat(p.address().getHostAddress()).isEqualTo("10.0.0.9");
  }

  @Test
  void of_forwardedFront_proxysHeadersBelieved() {
    HttpRequest req = from("10.0.0.9").addHeader(RawHeader.create("X-Forwarded-Proto", "https"))
        .addHeader(RawHeader.create("X-Forwarded-For", "198.51.100.1, 203.0.113.7"));
    Peer p = Peer.of(req, false, WebSettings.Front.FORWARDED);
    assertThat(p.secure()).isTrue();
    assertThat(p.address().getHostAddress()).isEqualTo("203.0.113.7"); // the entry the proxy added
    assertThat(Peer.of(from("10.0.0.9").addHeader(RawHeader.create("X-Forwarded-Proto", "http")), false,
        WebSettings.Front.FORWARDED).secure()).isFalse();
    assertThat(Peer.of(from("10.0.0.9").addHeader(RawHeader.create("Forwarded", "for=1.2.3.4;proto=https")), false,
        WebSettings.Front.FORWARDED).secure()).isTrue();
    assertThat(Peer.of(from("10.0.0.9").addHeader(RawHeader.create("X-Forwarded-For", "evil.example")), false,
        WebSettings.Front.FORWARDED).address().getHostAddress()).isEqualTo("10.0.0.9");
  }

  @Test
  void of_tlsListenerOrAlwaysFront_secure() {
    assertThat(Peer.of(from("10.0.0.9"), true, WebSettings.Front.NONE).secure()).isTrue();
    assertThat(Peer.of(from("10.0.0.9"), false, WebSettings.Front.ALWAYS).secure()).isTrue();
  }
}
