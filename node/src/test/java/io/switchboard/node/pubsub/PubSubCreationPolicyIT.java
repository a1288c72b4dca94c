package io.switchboard.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.util.Map;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node-creation policy as an operator sets it: with {@code creation-policy = admins} and an
 * admin list, the admin creates a node at pubsub.&lt;domain&gt; and another local user is refused
 * with {@code forbidden} (XEP-0060 §8.1.1); the user's own PEP service is not affected.
 */
@ExtendWith(CassandraExtension.class)
class PubSubCreationPolicyIT {
  private static InProcessNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = InProcessNode.startWithAccounts("pubsub_policy_it", Map.of(
        "switchboard.pubsub.creation-policy", "admins",
        "switchboard.pubsub.admins", "ops@localhost"), "ops", "dora");
  }

  @AfterAll
  static void stopNode() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void adminsPolicy_adminCreates_otherUserForbidden() throws Exception {
    XMPPTCPConnection ops = SmackClients.connect(node, "ops", "ops-pw", "p");
    XMPPTCPConnection dora = SmackClients.connect(node, "dora", "dora-pw", "p");
    try {
      assertThat(PubSubManager.getInstanceFor(ops).createNode("announcements").getId())
          .isEqualTo("announcements");
      assertThatThrownBy(() -> PubSubManager.getInstanceFor(dora).createNode("mine"))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
              e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
    } finally {
      ops.disconnect();
      dora.disconnect();
    }
  }
}
