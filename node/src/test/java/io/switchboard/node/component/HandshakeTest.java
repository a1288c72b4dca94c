package io.switchboard.node.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeTest {
  // hashlib.sha1(b'3BF96D32s3cret').hexdigest(), computed independently with Python.
  private static final String EXPECTED = "a984b871214a298f0f743fcd25f99b10838ba12b";

  @Test
  void digest_streamIdAndSecret_isLowerHexSha1() {
    assertThat(Handshake.digest("3BF96D32", "s3cret")).isEqualTo(EXPECTED);
  }

  @Test
  void verify_upperCaseOrPadded_accepted() {
    assertThat(Handshake.verify("3BF96D32", "s3cret", EXPECTED.toUpperCase())).isTrue();
    assertThat(Handshake.verify("3BF96D32", "s3cret", "\n " + EXPECTED + " ")).isTrue();
  }

  @Test
  void verify_wrongSecretOrId_rejected() {
    assertThat(Handshake.verify("3BF96D32", "other", EXPECTED)).isFalse();
    assertThat(Handshake.verify("3BF96D33", "s3cret", EXPECTED)).isFalse();
    assertThat(Handshake.verify("3BF96D32", "s3cret", "")).isFalse();
  }
}
