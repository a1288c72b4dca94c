package io.switchboard.sharding.blocking;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler.Origin;
import io.switchboard.sharding.session.AccountIqHandler.Request;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockingIqTest {
  private static final String NS = "urn:xmpp:blocking";
  private final BlockingIq blocking = new BlockingIq();
  private final TestSessionContext ctx = PartFixture.juliet();

  private Request own(String type, XmlElement payload) {
    return new Request(iq(JULIET + "/balcony", null, type, "b1", payload), payload, Origin.OWN_NO_TO, "balcony");
  }

  private static XmlElement block(String element, String... jids) {
    XmlElement.Builder b = XmlElement.builder(element, NS);
    for (String j : jids) {
      b.child(XmlElement.builder("item", NS).attr("jid", j));
    }
    return b.build();
  }

  @Test
  void get_answersTheListAndTheResourceGetsPushesFromNowOn() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    Account account = Account.EMPTY.apply(new BlockingEvent.JidsBlocked(List.of(Jids.parse("iago@example.com").orElseThrow())));

    blocking.handle(ctx, account, own("get", XmlElement.of("blocklist", NS)));

    assertThat(ctx.resources().get("balcony").blocklistInterested()).isTrue();
    assertThat(ctx.deliveredTo("balcony").get(0).child("blocklist", NS).orElseThrow().elements())
        .extracting(i -> i.attr("jid")).containsExactly("iago@example.com");
  }

  @Test
  void blockNothing_badRequest_malformedJid_jidMalformed() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);

    blocking.handle(ctx, Account.EMPTY, own("set", block("block")));
    blocking.handle(ctx, Account.EMPTY, own("set", block("block", "@@")));

    assertThat(ctx.deliveredTo("balcony")).extracting(s -> errorCondition(s)).containsExactly("bad-request", "jid-malformed");
  }

  @Test
  void blockASubscriber_persistedPushedAndTheSubscriberSeesTheUserLeave() {
    ctx.bind("balcony", PartFixture.connection(), io.switchboard.sharding.testing.Xml.available(JULIET + "/balcony", 0), 0);
    ctx.resources().put(ctx.resources().get("balcony").withBlocklistInterest());
    Account account = PartFixture.withContacts("romeo@example.com", Subscription.BOTH);

    var outcome = blocking.handle(ctx, account, own("set", block("block", "romeo@example.com")));
    Account after = outcome.applyTo(account);

    assertThat(after.isBlocked(Jids.parse("romeo@example.com/orchard").orElseThrow())).isTrue();
    assertThat(ctx.deliveredTo("balcony")).extracting(s -> s.attr("type")).containsExactly("result", "set");
    assertThat(ctx.routing.next().attr("type")).isEqualTo("unavailable"); // XEP-0191 §3.3
  }

  @Test
  void unblockWithoutItems_clearsTheList() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    Account account = Account.EMPTY.apply(new BlockingEvent.JidsBlocked(List.of(Jids.parse("iago@example.com").orElseThrow())));

    var outcome = blocking.handle(ctx, account, own("set", block("unblock")));

    assertThat(outcome.events()).containsExactly(BlockingEvent.BlocklistCleared.INSTANCE);
    assertThat(outcome.applyTo(account).blocklist()).isEmpty();
  }
}
