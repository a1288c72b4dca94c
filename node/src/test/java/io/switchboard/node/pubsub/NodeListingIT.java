package io.switchboard.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue #23 F11: disco#items on the pub-sub service and on an account's PEP service lists to a
 * stranger only the nodes the stranger may access; the names of whitelist, authorize, presence
 * and roster nodes stay hidden. Smack clients over real sockets.
 */
@ExtendWith(CassandraExtension.class)
class NodeListingIT {
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.startWithAccounts("node_listing_it", Map.of(), "alice", "mallory");
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void discoItems_stranger_seesOnlyNodesItMayAccess() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "list");
    XMPPTCPConnection mallory = SmackClients.connect(node, "mallory", "mallory-pw", "list");
    try {
      PubSubManager ps = PubSubManager.getInstanceFor(alice);
      ps.createNode("listing-open");
      for (AccessModel model : List.of(AccessModel.whitelist, AccessModel.authorize, AccessModel.presence,
          AccessModel.roster)) {
        LeafNode n = ps.createNode("listing-" + model);
        FillableConfigureForm form = n.getNodeConfiguration().getFillableForm();
        form.setAccessModel(model);
        n.sendConfigurationForm(form);
      }
      PepManager.getInstanceFor(alice).publish("urn:example:secret-plans",
          new PayloadItem<>("current", new SimplePayload("<plans xmlns='urn:example:secret-plans'/>")));

      Jid service = JidCreate.domainBareFrom("pubsub." + node.domain());
      assertThat(nodes(mallory, service)).filteredOn(n -> n.startsWith("listing-"))
          .containsExactly("listing-open");
      assertThat(nodes(alice, service)).filteredOn(n -> n.startsWith("listing-"))
          .containsExactlyInAnyOrder("listing-open", "listing-whitelist", "listing-authorize",
              "listing-presence", "listing-roster");

      Jid alicePep = alice.getUser().asBareJid();
      assertThat(nodes(mallory, alicePep)).isEmpty();
      assertThat(nodes(alice, alicePep)).contains("urn:example:secret-plans");
    } finally {
      alice.disconnect();
      mallory.disconnect();
    }
  }

  private static List<String> nodes(XMPPTCPConnection who, Jid target) throws Exception {
    DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(who).discoverItems(target);
    return items.getItems().stream().map(DiscoverItems.Item::getNode).toList();
  }
}
