package io.switchboard.sharding.roster;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.presence;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.sharding.roster.RosterEvent.RosterItemSaved;
import io.switchboard.sharding.roster.RosterEvent.SubscriptionRequestReceived;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {
  private final Subscriptions subscriptions = new Subscriptions();
  private final TestSessionContext ctx = PartFixture.juliet();

  @Test
  void outboundSubscribe_newContact_pendingOutItemAndTheRequestTravels() {
    Outcome o = subscriptions.onOutbound(ctx, Account.EMPTY, presence(JULIET + "/balcony", "romeo@example.com", "subscribe"),
        Jids.bare("romeo@example.com"), PresenceType.SUBSCRIBE);

    assertThat(o.events()).containsExactly(new RosterItemSaved(
        new RosterItem(Jids.bare("romeo@example.com"), null, java.util.List.of(), Subscription.NONE, true)));
    o.applyTo(Account.EMPTY);
    var routed = ctx.routing.next();
    assertThat(routed.attr("from")).isEqualTo(JULIET); // the bare JID, RFC 6121 §3.1.2
    assertThat(routed.attr("type")).isEqualTo("subscribe");
  }

  @Test
  void outboundSubscribed_withoutARequest_notRouted() {
    Outcome o = subscriptions.onOutbound(ctx, Account.EMPTY, presence(JULIET + "/balcony", "romeo@example.com", "subscribed"),
        Jids.bare("romeo@example.com"), PresenceType.SUBSCRIBED);

    assertThat(o.events()).isEmpty();
    o.applyTo(Account.EMPTY);
    assertThat(ctx.routing.drain()).isEmpty(); // §3.1.5: no pre-approval
  }

  @Test
  void inboundSubscribe_storedAsPendingRequest() {
    Outcome o = subscriptions.onInbound(ctx, Account.EMPTY, presence("romeo@example.com/orchard", JULIET, "subscribe"),
        Jids.bare("romeo@example.com"), PresenceType.SUBSCRIBE);

    assertThat(o.events()).hasSize(1).first().isInstanceOf(SubscriptionRequestReceived.class);
    assertThat(o.applyTo(Account.EMPTY).pendingIn()).containsOnlyKeys("romeo@example.com");
  }

  @Test
  void inboundSubscribe_alreadySubscribed_answeredOnTheUsersBehalf() {
    Account both = PartFixture.withContacts("romeo@example.com", Subscription.BOTH);

    Outcome o = subscriptions.onInbound(ctx, both, presence("romeo@example.com/orchard", JULIET, "subscribe"),
        Jids.bare("romeo@example.com"), PresenceType.SUBSCRIBE);

    assertThat(o.events()).isEmpty();
    assertThat(ctx.routing.next().attr("type")).isEqualTo("subscribed"); // Appendix A.3.1
  }

  @Test
  void cancelAll_everyDirectionEnds() {
    Account account = PartFixture.withContacts("romeo@example.com", Subscription.BOTH, "nurse@example.com", Subscription.TO);

    subscriptions.cancelAll(ctx, account);

    assertThat(ctx.routing.drain()).extracting(p -> p.attr("to") + " " + p.attr("type")).containsExactlyInAnyOrder(
        "romeo@example.com unsubscribe", "romeo@example.com unsubscribed", "nurse@example.com unsubscribe");
  }
}
