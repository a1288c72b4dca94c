package io.switchboard.sharding.presence;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.presence;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceBroadcastTest {
  private final PresenceBroadcast presence = new PresenceBroadcast();
  private final TestSessionContext ctx = PartFixture.juliet();
  private final Account account = PartFixture.withContacts(
      "romeo@example.com", Subscription.BOTH, "nurse@example.com", Subscription.FROM,
      "tybalt@example.com", Subscription.TO, "paris@example.com", Subscription.NONE);

  @Test
  void onOwn_initialPresence_toSubscribersProbesToWhomSheIsSubscribedAndOfflineFetched() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);

    presence.onOwn(ctx, account, "balcony", available(null, 1)).applyTo(account);

    List<XmlElement> routed = ctx.routing.drain();
    assertThat(routed).filteredOn(p -> p.attr("type") == null).extracting(p -> p.attr("to"))
        .containsExactlyInAnyOrder("romeo@example.com", "nurse@example.com");
    assertThat(routed).filteredOn(p -> "probe".equals(p.attr("type"))).extracting(p -> p.attr("to"))
        .containsExactlyInAnyOrder("romeo@example.com", "tybalt@example.com");
    assertThat(routed).allMatch(p -> p.attr("from").startsWith(JULIET));
    assertThat(ctx.deliveredTo("balcony")).extracting(p -> p.attr("to")).containsExactly(JULIET + "/balcony");
    assertThat(ctx.offline.fetches(JULIET)).isEqualTo(1);
  }

  @Test
  void onOwn_blockedSubscriber_hearsNothing() {
    Account blocking = account.apply(new io.switchboard.sharding.blocking.BlockingEvent.JidsBlocked(
        List.of(Jids.parse("nurse@example.com").orElseThrow())));
    ctx.bind("balcony", PartFixture.connection(), null, 0);

    presence.onOwn(ctx, blocking, "balcony", available(null, 0)).applyTo(blocking);

    assertThat(ctx.routing.drain()).noneMatch(p -> "nurse@example.com".equals(p.attr("to")));
  }

  @Test
  void unavailable_reachesSubscribersAndDirectedPresenceTargetsOnce() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 0), 0);
    presence.recordDirected(ctx, "balcony", Jids.parse("garden@conference.example.com/juliet").orElseThrow(),
        PresenceType.AVAILABLE);
    presence.recordDirected(ctx, "balcony", Jids.parse("romeo@example.com").orElseThrow(), PresenceType.AVAILABLE);

    presence.onOwn(ctx, account, "balcony", presence(null, null, "unavailable"));

    assertThat(ctx.routing.drain()).extracting(p -> p.attr("to")).containsExactlyInAnyOrder(
        "romeo@example.com", "nurse@example.com", "garden@conference.example.com/juliet");
    assertThat(ctx.resources().get("balcony").available()).isFalse();
    assertThat(ctx.resources().get("balcony").directed()).isEmpty();
  }

  @Test
  void recordDirected_unavailableRemovesTheTarget() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 0), 0);
    var room = Jids.parse("garden@conference.example.com/juliet").orElseThrow();
    presence.recordDirected(ctx, "balcony", room, PresenceType.AVAILABLE);
    presence.recordDirected(ctx, "balcony", room, PresenceType.UNAVAILABLE);

    assertThat(ctx.resources().get("balcony").directed()).isEmpty();
    assertThat(ctx.resources().get("balcony").record().directed()).isEmpty();
  }

  @Test
  void probe_fromNonSubscriber_toldUnsubscribed_fromSubscriberGetsCurrentPresence() {
    ctx.bind("balcony", PartFixture.connection(), available(JULIET + "/balcony", 2), 2);

    presence.onInbound(ctx, account, presence("tybalt@example.com/x", JULIET, "probe"),
        Jids.parse("tybalt@example.com/x").orElseThrow(), null);
    presence.onInbound(ctx, account, presence("romeo@example.com/orchard", JULIET, "probe"),
        Jids.parse("romeo@example.com/orchard").orElseThrow(), null);

    List<XmlElement> routed = ctx.routing.drain();
    assertThat(routed.get(0).attr("type")).isEqualTo("unsubscribed");
    assertThat(routed.get(1).attr("to")).isEqualTo("romeo@example.com/orchard");
    assertThat(routed.get(1).attr("type")).isNull();
  }

  @Test
  void priority_clampedAndDefaulted() {
    assertThat(presence.priority(available(null, 300))).isEqualTo(127);
    assertThat(presence.priority(available(null, -300))).isEqualTo(-128);
    assertThat(presence.priority(presence(null, null, null))).isZero();
  }
}
