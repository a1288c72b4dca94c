package io.switchboard.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

  @Test
  void parse_rangeAndList_expandsInOrder() {
    assertThat(SourceAddresses.parse("127.0.0.2-127.0.0.4,127.0.1.1"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.1.1");
  }

  @Test
  void parse_nonLoopbackOrReversed_refused() {
    assertThatThrownBy(() -> SourceAddresses.parse("127.0.0.2-10.0.0.1")).hasMessageContaining("loopback");
    assertThatThrownBy(() -> SourceAddresses.parse("127.0.0.9-127.0.0.2")).hasMessageContaining("range");
    assertThatThrownBy(() -> SourceAddresses.parse(" , ")).hasMessageContaining("no source");
  }

  @Test
  void loopbackRequire_ipv6LoopbackAndLocalhost_accepted() {
    assertThat(Loopback.require("::1", "server").isLoopbackAddress()).isTrue();
    assertThat(Loopback.require("localhost", "server").getHostAddress()).isEqualTo("127.0.0.1");
  }
}
