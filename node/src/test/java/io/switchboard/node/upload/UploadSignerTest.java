package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UploadSignerTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Instant PUT_EXPIRES = Instant.parse("2026-12-01T10:05:00Z");
  private static final Instant GET_EXPIRES = Instant.parse("2026-12-31T10:00:00Z");
  private final UploadSigner signer = new UploadSigner(KEY);

  @Test
  void getSignature_ofTheSameValues_isValid() {
    String s = signer.getSignature("id1", "cat.jpg", GET_EXPIRES);

    assertThat(signer.validGet("id1", "cat.jpg", GET_EXPIRES.getEpochSecond(), s)).isTrue();
  }

  @Test
  void getSignature_withAnyValueChanged_isInvalid() {
    String s = signer.getSignature("id1", "cat.jpg", GET_EXPIRES);

    assertThat(signer.validGet("id2", "cat.jpg", GET_EXPIRES.getEpochSecond(), s)).isFalse();
    assertThat(signer.validGet("id1", "cat.png", GET_EXPIRES.getEpochSecond(), s)).isFalse();
    assertThat(signer.validGet("id1", "cat.jpg", GET_EXPIRES.getEpochSecond() + 1, s)).isFalse();
    assertThat(new UploadSigner("another key, also 32 bytes long!".getBytes(StandardCharsets.US_ASCII))
        .validGet("id1", "cat.jpg", GET_EXPIRES.getEpochSecond(), s)).isFalse();
  }

  @Test
  void validGet_garbageSignature_isInvalid() {
    assertThat(signer.validGet("id1", "cat.jpg", 1, "not base64 !")).isFalse();
    assertThat(signer.validGet("id1", "cat.jpg", 1, "")).isFalse();
  }

  @Test
  void putToken_roundTrips() {
    UploadSigner.PutGrant grant = new UploadSigner.PutGrant("alice@localhost", 4096, "image/jpeg", PUT_EXPIRES, GET_EXPIRES);

    String token = signer.putToken("id1", "cat.jpg", grant);

    assertThat(signer.verifyPut("id1", "cat.jpg", token)).contains(grant);
  }

  @Test
  void putToken_withoutContentType_roundTrips() {
    UploadSigner.PutGrant grant = new UploadSigner.PutGrant("alice@localhost", 0, null, PUT_EXPIRES, GET_EXPIRES);

    assertThat(signer.verifyPut("id1", "empty", signer.putToken("id1", "empty", grant))).contains(grant);
  }

  @Test
  void verifyPut_forAnotherIdOrName_isEmpty() {
    String token = signer.putToken("id1", "cat.jpg",
        new UploadSigner.PutGrant("alice@localhost", 4096, null, PUT_EXPIRES, GET_EXPIRES));

    assertThat(signer.verifyPut("id2", "cat.jpg", token)).isEmpty();
    assertThat(signer.verifyPut("id1", "dog.jpg", token)).isEmpty();
  }

  @Test
  void verifyPut_withALargerSizeWrittenIn_isEmpty() {
    String token = signer.putToken("id1", "cat.jpg",
        new UploadSigner.PutGrant("alice@localhost", 4096, null, PUT_EXPIRES, GET_EXPIRES));
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("alice@localhost\n999999999\n\n" + PUT_EXPIRES.getEpochSecond() + "\n" + GET_EXPIRES.getEpochSecond())
            .getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));

    assertThat(signer.verifyPut("id1", "cat.jpg", forged)).isEmpty();
  }

  @Test
  void verifyPut_malformedTokens_areEmpty() {
    assertThat(signer.verifyPut("id1", "cat.jpg", null)).isEmpty();
    assertThat(signer.verifyPut("id1", "cat.jpg", "")).isEmpty();
    assertThat(signer.verifyPut("id1", "cat.jpg", ".")).isEmpty();
    assertThat(signer.verifyPut("id1", "cat.jpg", "abc")).isEmpty();
    assertThat(signer.verifyPut("id1", "cat.jpg", "abc.%%%")).isEmpty();
  }

  @Test
  void constructor_shortKey_isRefused() {
    assertThatThrownBy(() -> new UploadSigner(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }
}
