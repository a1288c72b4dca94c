package io.switchboard.sharding.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  private static DataForm form(Map<String, List<String>> fields) {
    return new DataForm("submit", PubSubNamespaces.NODE_CONFIG, fields);
  }

  @Test
  void withForm_knownFields_applied_unknownIgnored() {
    NodeConfig.Applied a = NodeConfig.serviceDefaults(10).withForm(form(Map.of(
        "pubsub#access_model", List.of("roster"),
        "pubsub#roster_groups_allowed", List.of("Friends", "Family"),
        "pubsub#max_items", List.of("max"),
        "pubsub#deliver_payloads", List.of("0"),
        "pubsub#some_future_option", List.of("x"))), 200);
    assertThat(a.ok()).isTrue();
    assertThat(a.config().accessModel()).isEqualTo(NodeConfig.AccessModel.ROSTER);
    assertThat(a.config().rosterGroupsAllowed()).containsExactly("Friends", "Family");
    assertThat(a.config().maxItems()).isEqualTo(200);
    assertThat(a.config().deliverPayloads()).isFalse();
  }

  @Test
  void withForm_invalidValue_namesTheField() {
    NodeConfig.Applied a = NodeConfig.serviceDefaults(10)
        .withForm(form(Map.of("pubsub#max_items", List.of("0"))), 100);
    assertThat(a.ok()).isFalse();
    assertThat(a.invalidField()).isEqualTo("pubsub#max_items");
    assertThat(NodeConfig.serviceDefaults(10).withForm(form(Map.of("pubsub#node_type",
        List.of("collection"))), 100).invalidField()).isEqualTo("pubsub#node_type");
  }

  @Test
  void satisfies_equalValues_true_differentOrUnknown_false() {
    NodeConfig pep = NodeConfig.pepDefaults();
    assertThat(pep.satisfies(form(Map.of("pubsub#access_model", List.of("presence"),
        "pubsub#persist_items", List.of("1"))), 100)).isTrue();
    assertThat(pep.satisfies(form(Map.of("pubsub#access_model", List.of("open"))), 100))
        .isFalse();
    assertThat(pep.satisfies(form(Map.of("pubsub#unknown", List.of("1"))), 100)).isFalse();
  }

  @Test
  void toForm_thenWithForm_givesSameConfig() {
    NodeConfig c = NodeConfig.serviceDefaults(7).withForm(form(Map.of(
        "pubsub#title", List.of("T"), "pubsub#access_model", List.of("whitelist"))), 100)
        .config();
    DataForm rendered = DataForm.parse(c.toForm("submit"));
    assertThat(rendered.formType()).isEqualTo(PubSubNamespaces.NODE_CONFIG);
    assertThat(NodeConfig.pepDefaults().withForm(rendered, 100).config()).isEqualTo(c);
  }
}
