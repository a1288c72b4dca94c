package io.switchboard.node.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionIdTest {
  @Test
  void parse_wire_roundTrips() {
    SessionId id = SessionId.create("10.1.2.3", 7355);
    assertThat(SessionId.parse(id.wire())).hasValue(id);
    assertThat(id.actorName()).startsWith("bosh-").hasSize(5 + 22);
  }

  @Test
  void create_twice_differentSecrets() {
    assertThat(SessionId.create("h", 1).token()).isNotEqualTo(SessionId.create("h", 1).token());
  }

  @Test
  void parse_foreignOrCrafted_empty() {
    assertThat(SessionId.parse("abc")).isEmpty();
    assertThat(SessionId.parse("AAAAAAAAAAAAAAAAAAAAAA.bm9wb3J0")).isEmpty(); // "noport"
    assertThat(SessionId.parse("AAAAAAAAAAAAAAAAAAAAA!.MTI3LjAuMC4xOjE")).isEmpty();
    // a path in the host part ("h/user/x:1") is refused
    assertThat(SessionId.parse("AAAAAAAAAAAAAAAAAAAAAA."
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("h/user/x:1".getBytes()))).isEmpty();
  }
}
