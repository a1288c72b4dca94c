package io.switchboard.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON shape of /switchboard/status, which {@code ./switchboard status} (bin/status) reads. */
class StatusRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static StatusReport report(Integer sessions, StatusReport.Sharding sharding) {
    return new StatusReport(
        "pekko://switchboard@127.0.0.1:7355",
        "pekko://switchboard@127.0.0.1:7355",
        List.of(
            new StatusReport.Member("pekko://switchboard@127.0.0.1:7355", "Up", "0.1.0", List.of("dc-default")),
            new StatusReport.Member("pekko://switchboard@127.0.0.1:7365", "Joining", "0.1.0", List.of())),
        List.of("pekko://switchboard@127.0.0.1:7365"),
        sharding,
        sessions);
  }

  @Test
  void toJson_fullReport_hasTheFieldsTheStatusCommandReads() throws Exception {
    StatusReport.Sharding sharding = new StatusReport.Sharding("UserSession",
        List.of(new StatusReport.Region("pekko://switchboard@127.0.0.1:7355", 2, 5, List.of("17", "4"), List.of("17"))), 2, 5, null);

    JsonNode json = JSON.readTree(StatusRoutes.toJson(report(4, sharding)));

    assertThat(json.path("self").asText()).isEqualTo("pekko://switchboard@127.0.0.1:7355");
    assertThat(json.path("leader").asText()).isEqualTo("pekko://switchboard@127.0.0.1:7355");
    assertThat(json.path("sessions").asInt()).isEqualTo(4);
    JsonNode member = json.path("members").get(1);
    assertThat(member.path("address").asText()).isEqualTo("pekko://switchboard@127.0.0.1:7365");
    assertThat(member.path("status").asText()).isEqualTo("Joining");
    assertThat(member.path("appVersion").asText()).isEqualTo("0.1.0");
    assertThat(member.path("roles").isArray()).isTrue();
    assertThat(json.path("unreachable").get(0).asText()).isEqualTo("pekko://switchboard@127.0.0.1:7365");
    JsonNode sh = json.path("sharding");
    assertThat(sh.path("entityType").asText()).isEqualTo("UserSession");
    assertThat(sh.path("shards").asInt()).isEqualTo(2);
    assertThat(sh.path("entities").asInt()).isEqualTo(5);
    assertThat(sh.path("error").isNull()).isTrue();
    JsonNode region = sh.path("regions").get(0);
    assertThat(region.path("shards").asInt()).isEqualTo(2);
    assertThat(region.path("entities").asInt()).isEqualTo(5);
    assertThat(region.path("shardIds").size()).isEqualTo(2);
    assertThat(region.path("failedShards").get(0).asText()).isEqualTo("17");
  }

  @Test
  void toJson_sessionsNotRegisteredAndShardingFailed_nullSessionsAndError() throws Exception {
    StatusReport.Sharding failed = new StatusReport.Sharding("UserSession", List.of(), 0, 0, "Ask timed out");

    JsonNode json = JSON.readTree(StatusRoutes.toJson(report(null, failed)));

    assertThat(json.has("sessions")).isTrue();
    assertThat(json.path("sessions").isNull()).isTrue();
    assertThat(json.path("sharding").path("error").asText()).isEqualTo("Ask timed out");
    assertThat(json.path("sharding").path("regions").size()).isZero();
  }
}
