package io.switchboard.sharding.disco;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.iq;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler.Origin;
import io.switchboard.sharding.session.AccountIqHandler.Request;
import io.switchboard.sharding.session.StanzaRouting;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.List;
import java.util.Set;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.FullJid;
import org.junit.jupiter.api.Test;

class AccountDiscoTest {
  private static final String INFO = "http://jabber.org/protocol/disco#info";

  private static final PepHandler PEP = new PepHandler() {
    @Override
    public void handle(EntityBareJid owner, XmlElement stanza, StanzaRouting replies) {}

    @Override
    public void contactOnline(EntityBareJid owner, FullJid contact, Set<String> notifyNodes) {}

    @Override
    public List<String> features() {
      return List.of("http://jabber.org/protocol/pubsub#publish");
    }
  };

  @Test
  void info_generatedFromTheRegisteredModules() {
    TestSessionContext ctx = PartFixture.juliet(PEP);
    XmlElement q = XmlElement.of("query", INFO);

    new AccountDisco().handle(ctx, Account.EMPTY, new Request(iq("romeo@example.com/o", JULIET, "get", "d1", q), q, Origin.OTHER, null));

    XmlElement info = ctx.routing.next().child("query", INFO).orElseThrow();
    assertThat(info.elements("identity", INFO)).extracting(i -> i.attr("category") + "/" + i.attr("type"))
        .containsExactly("account/registered", "pubsub/pep");
    assertThat(info.elements("feature", INFO)).extracting(f -> f.attr("var")).containsExactly(
        "http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items",
        "http://jabber.org/protocol/pubsub#publish",
        // XEP-0402's conversions, registered because PEP runs
        "urn:xmpp:bookmarks-conversion:0", "urn:xmpp:bookmarks:1#compat", "urn:xmpp:bookmarks:1#compat-pep",
        // XEP-0398's avatar conversion, also because PEP runs
        "urn:xmpp:pep-vcard-conversion:0",
        "vcard-temp");
  }

  @Test
  void withoutTo_leftToTheServer() {
    XmlElement q = XmlElement.of("query", INFO);
    assertThat(new AccountDisco().accepts(new Request(iq(JULIET + "/b", null, "get", "d2", q), q, Origin.OWN_NO_TO, "b"))).isFalse();
  }
}
