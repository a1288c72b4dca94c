package io.switchboard.sharding.roster;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static io.switchboard.sharding.testing.Xml.rosterItem;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler.Origin;
import io.switchboard.sharding.session.AccountIqHandler.Request;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import org.junit.jupiter.api.Test;

class RosterIqTest {
  private static final String ROSTER = "jabber:iq:roster";
  private final RosterIq roster = new RosterIq();
  private final TestSessionContext ctx = PartFixture.juliet();

  private Request own(String type, XmlElement query) {
    return new Request(iq(JULIET + "/balcony", null, type, "r1", query), query, Origin.OWN_NO_TO, "balcony");
  }

  @Test
  void accepts_ownerOnly() {
    XmlElement q = XmlElement.of("query", ROSTER);
    assertThat(roster.accepts(own("get", q))).isTrue();
    assertThat(roster.accepts(new Request(iq("romeo@example.com/x", JULIET, "get", "r1", q), q, Origin.OTHER, null))).isFalse();
  }

  @Test
  void get_marksInterestAndAnswersWithTheVersionedRoster() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    Account account = PartFixture.withContacts("romeo@example.com", Subscription.BOTH);

    roster.handle(ctx, account, own("get", XmlElement.builder("query", ROSTER).attr("ver", "").build()));

    assertThat(ctx.resources().get("balcony").interested()).isTrue();
    XmlElement result = ctx.deliveredTo("balcony").get(0);
    XmlElement query = result.child("query", ROSTER).orElseThrow();
    assertThat(query.attr("ver")).isEqualTo("1");
    assertThat(query.elements()).extracting(i -> i.attr("jid")).containsExactly("romeo@example.com");
  }

  @Test
  void set_twoItems_badRequest() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    XmlElement q = XmlElement.builder("query", ROSTER)
        .child(XmlElement.builder("item", ROSTER).attr("jid", "a@example.com"))
        .child(XmlElement.builder("item", ROSTER).attr("jid", "b@example.com")).build();

    assertThat(roster.handle(ctx, Account.EMPTY, own("set", q)).events()).isEmpty();
    assertThat(errorCondition(ctx.deliveredTo("balcony").get(0))).isEqualTo("bad-request");
  }

  @Test
  void set_newItem_savedThenResultAndPush() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    ctx.resources().put(ctx.resources().get("balcony").withInterest());
    XmlElement q = rosterItem("romeo@example.com", "Romeo", "Friends"); // the whole query

    var outcome = roster.handle(ctx, Account.EMPTY, own("set", q));
    outcome.applyTo(Account.EMPTY);

    assertThat(outcome.events()).hasSize(1);
    assertThat(ctx.deliveredTo("balcony")).extracting(s -> s.attr("type")).containsExactly("result", "set");
  }

  @Test
  void remove_unknownContact_itemNotFound() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    XmlElement q = XmlElement.builder("query", ROSTER)
        .child(XmlElement.builder("item", ROSTER).attr("jid", "romeo@example.com").attr("subscription", "remove")).build();

    roster.handle(ctx, Account.EMPTY, own("set", q));

    assertThat(errorCondition(ctx.deliveredTo("balcony").get(0))).isEqualTo("item-not-found");
  }
}
