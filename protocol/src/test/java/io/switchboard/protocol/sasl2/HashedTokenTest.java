package io.switchboard.protocol.sasl2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashedTokenTest {

  @Test
  void key_storedHashOfLongToken_verifiesTheClientsHmacUnderTheTokenItself() {
    String token = HashedToken.generate();
    assertThat(token).hasSize(72);
    byte[] stored = HashedToken.key(token);
    byte[] initial = HashedToken.initialResponse("alice", token);

    HashedToken.Initiation init = HashedToken.parse(initial).orElseThrow();

    assertThat(init.authcid()).isEqualTo("alice");
    assertThat(HashedToken.verifies(stored, init.mac())).isTrue();
    // RFC 2104 §2: the responder's HMAC under the stored key equals the client's computation with the token.
    assertThat(HashedToken.responder(stored)).isEqualTo(HashedToken.hmac(token.getBytes(StandardCharsets.UTF_8),
        "Responder".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void verifies_otherToken_false() {
    byte[] stored = HashedToken.key(HashedToken.generate());
    byte[] mac = HashedToken.parse(HashedToken.initialResponse("alice", HashedToken.generate())).orElseThrow().mac();
    assertThat(HashedToken.verifies(stored, mac)).isFalse();
  }

  @Test
  void verifies_responderMacInsteadOfInitiator_false() {
    String token = HashedToken.generate();
    byte[] stored = HashedToken.key(token);
    assertThat(HashedToken.verifies(stored, HashedToken.responder(stored))).isFalse();
  }

  @Test
  void key_tokenWithinOneBlock_refused() {
    assertThatThrownBy(() -> HashedToken.key("short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_malformed_empty() {
    assertThat(HashedToken.parse(new byte[0])).isEmpty();
    assertThat(HashedToken.parse("alice".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(HashedToken.parse(new byte[33])).isEmpty(); // empty authcid
    byte[] shortMac = new byte[6 + 10];
    System.arraycopy("alice".getBytes(StandardCharsets.UTF_8), 0, shortMac, 0, 5);
    assertThat(HashedToken.parse(shortMac)).isEmpty();
  }
}
