package io.switchboard.protocol.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DialbackKeyTest {
  private static final DialbackKey KEY = new DialbackKey("s3cr3tf0rd14lb4ck".getBytes(StandardCharsets.UTF_8));

  /**
   * XEP-0185's inputs (secret s3cr3tf0rd14lb4ck, example.net receiving from example.com on stream
   * D60000229F); the expected value was computed independently with Python's hmac and hashlib
   * (HMAC-SHA256 keyed with the hex SHA-256 of the secret).
   */
  @Test
  void generate_xep0185Inputs_matchesIndependentComputation() {
    assertThat(KEY.generate("example.net", "example.com", "D60000229F"))
        .isEqualTo("008c689ff366b50c63d69a3e2d2c0e0e1f8404b0118eb688a0102c87cb691bdc");
  }

  @Test
  void verify_sameInputs_true_otherStreamOrDomain_false() {
    String k = KEY.generate("example.net", "example.com", "D60000229F");
    assertThat(KEY.verify("example.net", "example.com", "D60000229F", k)).isTrue();
    assertThat(KEY.verify("example.net", "example.com", "D60000229F", k.toUpperCase())).isTrue();
    assertThat(KEY.verify("example.net", "example.com", "OTHER", k)).isFalse();
    assertThat(KEY.verify("example.org", "example.com", "D60000229F", k)).isFalse();
    assertThat(KEY.verify("example.net", "example.com", "D60000229F", null)).isFalse();
  }

  @Test
  void verify_otherSecret_false() {
    DialbackKey other = new DialbackKey("another-secret-of-16".getBytes(StandardCharsets.UTF_8));
    assertThat(other.verify("example.net", "example.com", "id", KEY.generate("example.net", "example.com", "id"))).isFalse();
  }

  @Test
  void constructor_shortSecret_refused() {
    assertThatThrownBy(() -> new DialbackKey(new byte[8])).isInstanceOf(IllegalArgumentException.class);
  }
}
