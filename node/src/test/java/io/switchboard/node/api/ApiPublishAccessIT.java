package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.token.TokenStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.Affiliation;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue #23 F17: an API token with pubsub:publish publishes into a node whose access model is open
 * (a public feed), but not into a user's whitelist node, unless that node's owner made the
 * server's domain a publisher. A real node with its real API wiring, a Smack owner, and HTTP
 * requests on the node's HTTP port.
 */
@ExtendWith(CassandraExtension.class)
class ApiPublishAccessIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static InProcessNode node;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.startWithAccounts("api_access_it", Map.of(), "alice");
    var p = node.node().persistence();
    token = TokenStore.cassandra(p.session(), p.settings(), Clock.systemUTC())
        .create("feeder", Set.of("pubsub:publish")).toCompletableFuture().join().secret();
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void publish_openNodeAccepted_whitelistNodeForbiddenUntilOwnerGrantsIt() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "api");
    try {
      PubSubManager ps = PubSubManager.getInstanceFor(alice);
      ps.createNode("shows");
      LeafNode diary = ps.createNode("diary");
      FillableConfigureForm form = diary.getNodeConfiguration().getFillableForm();
      form.setAccessModel(AccessModel.whitelist);
      diary.sendConfigurationForm(form);

      assertThat(publish("shows").statusCode()).isEqualTo(201);
      HttpResponse<String> refused = publish("diary");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(diary.getItems()).isEmpty();

      diary.modifyAffiliationAsOwner(java.util.List.of(
          new Affiliation(JidCreate.bareFrom(node.domain()), Affiliation.Type.publisher)));
      assertThat(publish("diary").statusCode()).isEqualTo(201);
      assertThat(diary.getItems()).hasSize(1);
    } finally {
      alice.disconnect();
    }
  }

  private static HttpResponse<String> publish(String pubsubNode) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/pubsub/" + pubsubNode + "/items"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"from the API\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
