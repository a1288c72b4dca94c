package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.jid.Jids;
import org.junit.jupiter.api.Test;

class StreamDigestTest {

  @Test
  void of_xepExampleJids_isSha1HexOfConcatenation() {
    // printf 'mySIDrequester@example.com/footarget@example.org/bar' | sha1sum
    assertThat(StreamDigest.of("mySID", Jids.of("requester@example.com/foo"), Jids.of("target@example.org/bar")))
        .isEqualTo("2e45ce941bf465393585e33be9ccff347e00b430");
  }

  @Test
  void of_unpreparedJids_hashesThePreparedForm() {
    // XEP-0065 §5.3.2: the JIDs are prepared before hashing.
    assertThat(StreamDigest.of("mySID", Jids.of("Requester@EXAMPLE.com/foo"), Jids.of("target@Example.org/bar")))
        .isEqualTo("2e45ce941bf465393585e33be9ccff347e00b430");
  }

  @Test
  void normalize_upperCaseHex_isLowerCased() {
    assertThat(StreamDigest.normalize("2E45CE941BF465393585E33BE9CCFF347E00B430"))
        .isEqualTo("2e45ce941bf465393585e33be9ccff347e00b430");
  }

  @Test
  void normalize_notFortyHexDigits_isNull() {
    assertThat(StreamDigest.normalize("2e45ce941bf465393585e33be9ccff347e00b43")).isNull();
    assertThat(StreamDigest.normalize("2e45ce941bf465393585e33be9ccff347e00b4300")).isNull();
    assertThat(StreamDigest.normalize("2e45ce941bf465393585e33be9ccff347e00b43g")).isNull();
    assertThat(StreamDigest.normalize("example.com")).isNull();
    assertThat(StreamDigest.normalize(null)).isNull();
  }
}
