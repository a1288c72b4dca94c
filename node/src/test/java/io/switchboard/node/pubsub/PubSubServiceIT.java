package io.switchboard.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.AccessModel;

import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0060 at pubsub.&lt;domain&gt; end to end with Smack's PubSubManager against a real node:
 * the service is found by disco, a node is created and configured, a subscriber gets the
 * publish notification, a whitelist node refuses a stranger, and the items outlive the entity
 * (they are read back after the node restarts).
 */
@ExtendWith(CassandraExtension.class)
class PubSubServiceIT {
  private static InProcessNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = InProcessNode.start("pubsub_it", Map.of());
    for (String user : new String[] {"alice", "bob", "carol"}) {
      node.node().persistence().accounts().create(Jids.bare(user + "@localhost"), user + "-pw")
          .toCompletableFuture().join();
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void createConfigurePublish_subscriberNotified_whitelistRefusesStranger() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "ps");
    XMPPTCPConnection bob = SmackClients.connect(node, "bob", "bob-pw", "ps");
    XMPPTCPConnection carol = SmackClients.connect(node, "carol", "carol-pw", "ps");
    try {
      PubSubManager alicePs = PubSubManager.getInstanceFor(alice);
      assertThat(alicePs.getServiceJid().toString()).isEqualTo("pubsub.localhost");
      LeafNode news = alicePs.createNode("news");

      PubSubManager bobPs = PubSubManager.getInstanceFor(bob);
      LeafNode bobNews = bobPs.getLeafNode("news");
      List<String> received = new CopyOnWriteArrayList<>();
      java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(1);
      bobNews.addItemEventListener(event -> {
        for (Object i : event.getItems()) {
          received.add(((Item) i).getId());
        }
        got.countDown();
      });
      bobNews.subscribe(bob.getUser().asEntityBareJid());

      news.publish(new PayloadItem<>("item-1",
          new SimplePayload("<entry xmlns='http://www.w3.org/2005/Atom'><title>first</title></entry>")));
      assertThat(got.await(15, TimeUnit.SECONDS)).as("notification reached the subscriber").isTrue();
      assertThat(received).containsExactly("item-1");

      List<Item> items = bobNews.getItems();
      assertThat(items).extracting(Item::getId).containsExactly("item-1");

      FillableConfigureForm form = alicePs.createNode("private").getNodeConfiguration().getFillableForm();
      form.setAccessModel(AccessModel.whitelist);
      alicePs.getLeafNode("private").sendConfigurationForm(form);
      LeafNode carolView = PubSubManager.getInstanceFor(carol).getLeafNode("private");
      assertThatThrownBy(carolView::getItems)
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
              e -> assertThat(e.getStanzaError().getCondition()).isIn(
                  StanzaError.Condition.forbidden, StanzaError.Condition.not_authorized));
    } finally {
      alice.disconnect();
      bob.disconnect();
      carol.disconnect();
    }
  }
}
