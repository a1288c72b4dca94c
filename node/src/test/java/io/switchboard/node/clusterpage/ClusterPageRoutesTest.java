package io.switchboard.node.clusterpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterPageRoutesTest {
  @Test
  void toJson_view_fieldsThePageReads() throws Exception {
    ClusterView view = new ClusterView(Instant.parse("2026-12-06T20:00:00Z"), "a", "a",
        List.of(new ClusterView.Member("a", "Up", List.of(), Instant.parse("2026-12-06T19:00:00Z"), true, false, true)),
        List.of(new ClusterView.EntityType("UserSession", List.of(new ClusterView.Region("a", 2, 5, List.of("1", "2"))), 2, 5, null, false)),
        new ClusterView.Node("a", 3, null),
        List.of(new ClusterEventLog.Entry(Instant.parse("2026-12-06T19:00:00Z"), "up", "a", "")));
    JsonNode json = new ObjectMapper().readTree(ClusterPageRoutes.toJson(view));

    assertThat(json.get("at").asText()).isEqualTo("2026-12-06T20:00:00Z");
    assertThat(json.at("/members/0/upSince").asText()).isEqualTo("2026-12-06T19:00:00Z");
    assertThat(json.at("/members/0/unreachable").asBoolean()).isFalse();
    assertThat(json.at("/entityTypes/0/regions/0/shards").asInt()).isEqualTo(2);
    assertThat(json.at("/node/clientStreams").asInt()).isEqualTo(3);
    assertThat(json.at("/node/serverStreams").isNull()).isTrue();
    assertThat(json.at("/events/0/kind").asText()).isEqualTo("up");
  }

  @Test
  void script_insertsServerDataAsTextOnly() throws Exception {
    String script = read("app.js");
    assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    // The token is kept per tab, sent as a header, never put in a URL or a cookie.
    assertThat(script).contains("sessionStorage", "\"Authorization\": \"Bearer \"").doesNotContain("document.cookie", "?token");
  }

  @Test
  void html_noInlineScriptNoExternalOrigin() throws Exception {
    String html = read("index.html");
    assertThat(html).contains("<script src=\"/page/app.js\" defer></script>");
    assertThat(html.replace("<script src=\"/page/app.js\" defer></script>", "")).doesNotContain("<script");
    assertThat(html).doesNotContain("http://", "https://").doesNotContainPattern("\\son[a-z]+\\s*=");
  }

  private static String read(String name) throws Exception {
    try (InputStream in = ClusterPageRoutesTest.class.getResourceAsStream("/clusterpage/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
