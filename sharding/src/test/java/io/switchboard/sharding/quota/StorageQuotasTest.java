package io.switchboard.sharding.quota;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static io.switchboard.sharding.testing.Xml.presence;
import static io.switchboard.sharding.testing.Xml.rosterItem;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.blocking.BlockingEvent;
import io.switchboard.sharding.blocking.BlockingIq;
import io.switchboard.sharding.privatedata.PrivateXmlIq;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.sharding.roster.RosterIq;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.roster.Subscriptions;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler.Origin;
import io.switchboard.sharding.session.AccountIqHandler.Request;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue #23 F9: the roster (with requests from strangers), private XML and block list of one account are bounded. */
class StorageQuotasTest {
  private static final String PRIVATE = "jabber:iq:private";
  private static final String BLOCKING = "urn:xmpp:blocking";
  private static final AccountQuotas SMALL = new AccountQuotas(3, 2048, 2, 5, 5, 4096, 4096, 5, 1000, 64);

  private final TestSessionContext ctx = PartFixture.juliet();

  @BeforeEach
  void bind() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
  }

  private static Request own(String type, XmlElement payload) {
    return new Request(iq(JULIET + "/balcony", null, type, "q1", payload), payload, Origin.OWN_NO_TO, "balcony");
  }

  private static XmlElement rosterSet(String jid) {
    return rosterItem(jid, null);
  }

  private XmlElement lastAnswer() {
    List<XmlElement> out = ctx.deliveredTo("balcony");
    return out.get(out.size() - 1);
  }

  @Test
  void rosterSet_pastRosterItems_resourceConstraintAndNothingStored() {
    RosterIq roster = new RosterIq(SMALL);
    Account account = Account.EMPTY;
    for (int i = 0; i < 3; i++) {
      account = roster.handle(ctx, account, own("set", rosterSet("c" + i + "@example.com"))).applyTo(account);
    }
    assertThat(account.rosterItems()).hasSize(3);

    Outcome refused = roster.handle(ctx, account, own("set", rosterSet("c3@example.com")));

    assertThat(refused.events()).isEmpty();
    assertThat(errorCondition(lastAnswer())).isEqualTo("resource-constraint");
    assertThat(lastAnswer().toXml()).contains("type=\"cancel\"").contains("switchboard.quotas.roster-items");
  }

  @Test
  void rosterSet_changingAnExistingItemAtTheQuota_allowed() {
    RosterIq roster = new RosterIq(SMALL);
    Account account = Account.EMPTY;
    for (int i = 0; i < 3; i++) {
      account = roster.handle(ctx, account, own("set", rosterSet("c" + i + "@example.com"))).applyTo(account);
    }
    XmlElement renamed = rosterItem("c1@example.com", "Romeo");

    assertThat(roster.handle(ctx, account, own("set", renamed)).events()).hasSize(1);
  }

  @Test
  void privateSet_pastPrivateXmlBytes_resourceConstraint_replacingSmaller_allowed() {
    PrivateXmlIq storage = new PrivateXmlIq(SMALL);
    XmlElement big = XmlElement.builder("notes", "urn:example:notes").textChild("n", "x".repeat(1500)).build();
    Account account = storage.handle(ctx, Account.EMPTY, own("set", query(big))).applyTo(Account.EMPTY);
    XmlElement other = XmlElement.builder("prefs", "urn:example:prefs").textChild("p", "y".repeat(600)).build();

    Outcome refused = storage.handle(ctx, account, own("set", query(other)));

    assertThat(refused.events()).isEmpty();
    assertThat(errorCondition(lastAnswer())).isEqualTo("resource-constraint");
    XmlElement smaller = XmlElement.builder("notes", "urn:example:notes").textChild("n", "short").build();
    assertThat(storage.handle(ctx, account, own("set", query(smaller))).events()).hasSize(1);
  }

  @Test
  void block_pastBlocklistItems_resourceConstraint_alreadyBlocked_notCounted() {
    BlockingIq blocking = new BlockingIq(SMALL);
    Account account = Account.EMPTY.apply(new BlockingEvent.JidsBlocked(
        List.of(Jids.parse("a@example.com").orElseThrow(), Jids.parse("b@example.com").orElseThrow())));

    Outcome refused = blocking.handle(ctx, account, own("set", block("c@example.com")));

    assertThat(refused.events()).isEmpty();
    assertThat(errorCondition(lastAnswer())).isEqualTo("resource-constraint");
    assertThat(blocking.handle(ctx, account, own("set", block("a@example.com", "b@example.com"))).events()).hasSize(1);
  }

  @Test
  void inboundSubscribe_fromStrangersPastRosterItems_droppedUnstored_fromAContact_stillStored() {
    Subscriptions subscriptions = new Subscriptions(SMALL.rosterItems());
    Account full = PartFixture.withContacts("a@example.com", Subscription.TO, "b@example.com", Subscription.NONE,
        "c@example.com", Subscription.NONE);

    Outcome stranger = subscriptions.onInbound(ctx, full, presence("eve@example.com/x", JULIET, "subscribe"),
        Jids.bare("eve@example.com"), PresenceType.SUBSCRIBE);
    Outcome contact = subscriptions.onInbound(ctx, full, presence("b@example.com/x", JULIET, "subscribe"),
        Jids.bare("b@example.com"), PresenceType.SUBSCRIBE);

    assertThat(stranger.events()).isEmpty();
    assertThat(contact.applyTo(full).pendingIn()).containsOnlyKeys("b@example.com");
  }

  private static XmlElement query(XmlElement data) {
    return XmlElement.builder("query", PRIVATE).child(data).build();
  }

  private static XmlElement block(String... jids) {
    XmlElement.Builder b = XmlElement.builder("block", BLOCKING);
    for (String j : jids) {
      b.child(XmlElement.builder("item", BLOCKING).attr("jid", j));
    }
    return b.build();
  }
}
