package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sharding.admin.AdminOperations;
import io.switchboard.sharding.admin.OnlineUsers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.junit.jupiter.api.Test;

class JsonResponseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode body(HttpResponse response) throws Exception {
    assertThat(response.entity().getContentType()).isEqualTo(ContentTypes.APPLICATION_JSON);
    return JSON.readTree(((HttpEntity.Strict) response.entity()).getData().toArray());
  }

  record Stamped(String name, Instant at) {}

  @Test
  void of_aRecordWithAnInstant_isAnObjectWithIsoText() throws Exception {
    HttpResponse r = JsonResponse.of(StatusCodes.ACCEPTED, new Stamped("n", Instant.parse("2026-12-07T00:00:01Z")));
    assertThat(r.status()).isEqualTo(StatusCodes.ACCEPTED);
    JsonNode json = body(r);
    assertThat(json.get("name").asText()).isEqualTo("n");
    assertThat(json.get("at").asText()).isEqualTo("2026-12-07T00:00:01Z");
  }

  @Test
  void of_textNeedingEscapes_isValidJson() throws Exception {
    JsonNode json = body(JsonResponse.ok(Map.of("id", "a\"b\\c</x>\n")));
    assertThat(json.get("id").asText()).isEqualTo("a\"b\\c</x>\n");
  }

  @Test
  void error_withAndWithoutField() throws Exception {
    HttpResponse withField = JsonResponse.error(StatusCodes.BAD_REQUEST, "is required", "jid");
    assertThat(withField.status()).isEqualTo(StatusCodes.BAD_REQUEST);
    assertThat(body(withField).get("error").asText()).isEqualTo("is required");
    assertThat(body(withField).get("field").asText()).isEqualTo("jid");
    assertThat(((HttpEntity.Strict) withField.entity()).getData().utf8String())
        .as("compact, as API clients and tests read it").isEqualTo("{\"error\":\"is required\",\"field\":\"jid\"}");
    JsonNode without = body(JsonResponse.error(StatusCodes.SERVICE_UNAVAILABLE, "off"));
    assertThat(without.has("field")).isFalse();
    assertThat(body(ApiError.of(StatusCodes.NOT_FOUND, "gone").response()).get("error").asText()).isEqualTo("gone");
  }

  @Test
  void unwritable_isA500() {
    Object selfReferencing = new Object() {
      @SuppressWarnings("unused")
      public Object getSelf() {
        return this;
      }
    };
    assertThat(JsonResponse.ok(selfReferencing).status()).isEqualTo(StatusCodes.INTERNAL_SERVER_ERROR);
  }

  @Test
  void adminAnswers_theShapesBothDoorsGive() throws Exception {
    JsonNode sessions = body(AdminAnswers.sessions(new OnlineUsers.Online(List.of("a@d/r1", "a@d/r2", "b@d/x"), true)));
    assertThat(sessions.get("sessions")).hasSize(3);
    assertThat(sessions.get("accounts").asInt()).isEqualTo(2);
    assertThat(sessions.get("complete").asBoolean()).isTrue();
    JsonNode ended = body(AdminAnswers.ended(new AdminOperations.Ended(2, false)));
    assertThat(ended.get("ended").asInt()).isEqualTo(2);
    assertThat(ended.get("complete").asBoolean()).isFalse();
    assertThat(body(AdminAnswers.sent(new AdminOperations.Sent(5, true))).get("sent").asInt()).isEqualTo(5);
  }

  @Test
  void adminAnswers_account_lastLoginToTheSecondInUtc_orNull() throws Exception {
    JsonNode seen = body(AdminAnswers.account(new AdminOperations.AccountInfo(
        io.switchboard.protocol.jid.Jids.bare("a@d"), Instant.parse("2026-12-07T10:00:01.456Z"), 2)));
    assertThat(seen.get("jid").asText()).isEqualTo("a@d");
    assertThat(seen.get("lastLogin").asText()).isEqualTo("2026-12-07T10:00:01Z");
    assertThat(seen.get("resources").asInt()).isEqualTo(2);
    JsonNode never = body(AdminAnswers.account(new AdminOperations.AccountInfo(
        io.switchboard.protocol.jid.Jids.bare("b@d"), null, 0)));
    assertThat(never.has("lastLogin")).isTrue();
    assertThat(never.get("lastLogin").isNull()).isTrue();
  }
}
