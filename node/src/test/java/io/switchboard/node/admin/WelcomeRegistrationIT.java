package io.switchboard.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/**
 * XEP-0133 set-welcome with XEP-0077 in-band registration, on a node of its own with registration
 * open (the shared test cluster keeps it closed): the admin sets the text with Smack's
 * {@link AdHocCommandManager}, a new user registers with Smack's {@link AccountManager} and finds
 * the welcome message at its first login.
 */
@ExtendWith(CassandraExtension.class)
class WelcomeRegistrationIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.start("welcome_it", Map.of("switchboard.registration", "open",
        "switchboard.admins", "wr-root@localhost"));
    node.node().persistence().accounts().create(Jids.bare("wr-root@localhost"), "wr-root-pw").toCompletableFuture()
        .join();
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void inBandRegistration_newAccountFindsTheWelcomeAtFirstLogin() throws Exception {
    DomainBareJid domain = JidCreate.domainBareFrom(node.domain());
    XMPPTCPConnection root = SmackClients.connect(node, "wr-root", "wr-root-pw", "console");
    try {
      AdHocCommand set = AdHocCommandManager.getInstance(root).getRemoteCommand(domain,
          "http://jabber.org/protocol/admin#set-welcome");
      FillableForm form = set.execute().asExecutingOrThrow().getFillableForm();
      form.setAnswer("welcome", List.of("Welcome, new user!"));
      set.complete(form.getSubmitForm()).asCompletedOrThrow();
    } finally {
      root.disconnect();
    }

    AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
    BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.config(node, "wr-zoe", "wr-zoe-pw")
        .setResource("first").build());
    c.addAsyncStanzaListener(s -> messages.add((Message) s), StanzaTypeFilter.MESSAGE);
    c.connect();
    try {
      AccountManager.getInstance(c).createAccount(Localpart.from("wr-zoe"), "wr-zoe-pw");
      c.login();
      Message m;
      do {
        m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m).as("the welcome message within " + WAIT).isNotNull();
      } while (!domain.equals(m.getFrom()));
      assertThat(m.getType()).isEqualTo(Message.Type.normal);
      assertThat(m.getBody()).isEqualTo("Welcome, new user!");
    } finally {
      c.disconnect();
    }
  }
}
