package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** values.yaml is documented: every value has a "## @param" line, and the chart README lists each. */
class ChartDocsTest {
  private static final Pattern PARAM = Pattern.compile("(?m)^\\s*## @param (\\S+) \\S.*$");

  private static Set<String> params() throws IOException {
    Set<String> params = new LinkedHashSet<>();
    Matcher m = PARAM.matcher(Files.readString(Repo.chart().resolve("values.yaml")));
    while (m.find()) {
      params.add(m.group(1));
    }
    return params;
  }

  @Test
  void values_everyLeafOrItsParent_hasAParamLine() throws IOException {
    JsonNode values = new YAMLMapper().readTree(Repo.chart().resolve("values.yaml").toFile());
    List<String> leaves = new ArrayList<>();
    collect(values, "", leaves);
    Set<String> params = params();
    List<String> undocumented = leaves.stream()
        .filter(leaf -> params.stream().noneMatch(p -> leaf.equals(p) || leaf.startsWith(p + ".")))
        .toList();
    assertThat(undocumented).as("values without a ## @param line").isEmpty();
    assertThat(params).as("@param lines naming no value").allSatisfy(p ->
        assertThat(leaves).anyMatch(l -> l.equals(p) || l.startsWith(p + ".")));
  }

  @Test
  void readme_listsEveryParam() throws IOException {
    String readme = Files.readString(Repo.chart().resolve("README.md"));
    assertThat(params()).allSatisfy(p -> assertThat(readme).contains("| `" + p + "` |"));
  }

  @Test
  void schema_coversEveryTopLevelValue() throws IOException {
    JsonNode values = new YAMLMapper().readTree(Repo.chart().resolve("values.yaml").toFile());
    JsonNode schema = new YAMLMapper().readTree(Repo.chart().resolve("values.schema.json").toFile());
    for (Map.Entry<String, JsonNode> e : values.properties()) {
      assertThat(schema.get("properties").has(e.getKey())).as("schema types %s", e.getKey()).isTrue();
    }
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
  }

  private static void collect(JsonNode node, String path, List<String> out) {
    if (node.isObject() && !node.isEmpty()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
      }
    } else {
      out.add(path);
    }
  }
}
