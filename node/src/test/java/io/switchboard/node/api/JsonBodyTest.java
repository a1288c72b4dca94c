package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertInvalid(String body, String field, String message) {
    assertThatThrownBy(() -> JsonBody.object(utf8(body), List.of("a", "b")))
        .isInstanceOfSatisfying(JsonBody.Invalid.class, e -> {
          assertThat(e.field).isEqualTo(field);
          assertThat(e).hasMessageContaining(message);
        });
  }

  @Test
  void object_notAnObjectOrNotJson_isInvalidForTheWholeBody() {
    assertInvalid("", null, "must be a JSON object");
    assertInvalid("[1]", null, "must be a JSON object");
    assertInvalid("{\"a\":", null, "not valid JSON");
    assertInvalid("{\"a\":\"x\"} {}", null, "not valid JSON");
  }

  @Test
  void object_unknownField_namesItAndTheAllowedOnesInOrder() {
    assertInvalid("{\"a\":\"x\",\"c\":1}", "c", "allowed: a, b");
  }

  @Test
  void text_and_bool_checkPresenceAndType() throws Exception {
    var root = JsonBody.object(utf8("{\"a\":\"x\",\"b\":true}"), List.of("a", "b"));
    assertThat(JsonBody.text(root, "a", true)).isEqualTo("x");
    assertThat(JsonBody.bool(root, "b")).isTrue();
    var empty = JsonBody.object(utf8("{\"a\":null,\"b\":\"yes\"}"), List.of("a", "b"));
    assertThat(JsonBody.text(empty, "a", false)).isNull();
    assertThatThrownBy(() -> JsonBody.text(empty, "a", true)).hasMessage("is required");
    assertThatThrownBy(() -> JsonBody.text(root, "b", false)).hasMessage("must be a string");
    assertThatThrownBy(() -> JsonBody.bool(empty, "b")).hasMessage("must be true or false");
  }
}
