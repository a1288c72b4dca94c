package io.switchboard.sharding.lastactivity;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.AccountIqHandler.Origin;
import io.switchboard.sharding.session.AccountIqHandler.Request;
import io.switchboard.sharding.session.ResourceEvent;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LastActivityTest {
  private static final XmlElement QUERY = XmlElement.of("query", "jabber:iq:last");
  private final LastActivity module = new LastActivity(Clock.fixed(PartFixture.NOW, ZoneOffset.UTC));
  private final AccountIqHandler account = module.accountIq().get(0);
  private final TestSessionContext ctx = PartFixture.juliet();
  /** Romeo may see Juliet's presence; she went offline 90 s ago. */
  private final Account state = PartFixture.withContacts("romeo@example.com", Subscription.FROM)
      .apply(new ResourceEvent.ResourceOnline("balcony", "n"))
      .apply(new ResourceEvent.ResourceOffline("balcony", PartFixture.NOW.minusSeconds(90)));

  private XmlElement ask(String from) {
    account.handle(ctx, state, new Request(iq(from, JULIET, "get", "l1", QUERY), QUERY, Origin.OTHER, null));
    return ctx.routing.next();
  }

  @Test
  void subscribedContact_learnsSecondsSinceTheLastLogout() {
    assertThat(ask("romeo@example.com/orchard").child("query", "jabber:iq:last").orElseThrow().attr("seconds")).isEqualTo("90");
  }

  @Test
  void stranger_forbidden() {
    assertThat(errorCondition(ask("iago@example.com/x"))).isEqualTo("forbidden");
  }

  @Test
  void userOnline_zero() {
    ctx.bind("chamber", PartFixture.connection(), io.switchboard.sharding.testing.Xml.available(JULIET + "/chamber", 0), 0);
    assertThat(ask("romeo@example.com/orchard").child("query", "jabber:iq:last").orElseThrow().attr("seconds")).isEqualTo("0");
  }

  @Test
  void neverRecorded_itemNotFound() {
    account.handle(ctx, PartFixture.withContacts("romeo@example.com", Subscription.FROM),
        new Request(iq("romeo@example.com/o", JULIET, "get", "l2", QUERY), QUERY, Origin.OTHER, null));
    assertThat(errorCondition(ctx.routing.next())).isEqualTo("item-not-found");
  }

  @Test
  void server_uptime() {
    LastActivity started = new LastActivity(Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC));
    XmlElement answer = started.serverIq().get(0).answer(iq(JULIET + "/b", "example.com", "get", "u", QUERY), QUERY);
    assertThat(answer.child("query", "jabber:iq:last").orElseThrow().attr("seconds")).isEqualTo("0");
    assertThat(started.serverIq().get(0).features()).containsExactly("jabber:iq:last");
  }
}
