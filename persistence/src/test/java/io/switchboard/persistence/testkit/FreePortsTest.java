package io.switchboard.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void portsAreDistinct_bindable_andBelowTheEphemeralRange() throws Exception {
    int ephemeralLow = Integer.parseInt(
        Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = FreePorts.next();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      if (ephemeralLow - 10_000 >= 1_000) {
        assertThat(port).isBetween(10_000, ephemeralLow - 1);
      }
    }
    int port = FreePorts.next();
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aPortSomeoneListensOn_isSkipped() throws Exception {
    int first = FreePorts.next();
    // The sequence goes on from first + 1: occupy that one, and it must not be handed out.
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), first + 1));
      assertThat(FreePorts.next()).isNotEqualTo(first + 1);
    }
  }
}
