package io.switchboard.sharding.session;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.ResourceEvent.ResourceOffline;
import io.switchboard.sharding.session.ResourceEvent.ResourceOnline;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BindingTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private final TestSessionContext ctx = PartFixture.juliet();
  private final Binding binding = ctx.binding();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private ActorRef<BindResult> reply() {
    return kit.<BindResult>createTestProbe().ref();
  }

  @Test
  void bind_recordsTheResourceOnlineAndAnswersBound() {
    ActorRef<ConnectionMessage> conn = PartFixture.connection();
    Outcome o = binding.onBind(Account.EMPTY, new UserSession.Bind("balcony", conn, reply()));

    assertThat(o.events()).containsExactly(new ResourceOnline("balcony", "pekko://test", ctx.clock().instant()));
    assertThat(o.replyValue(Account.EMPTY)).isInstanceOf(BindResult.Bound.class);
    assertThat(ctx.resources().get("balcony").connection()).isEqualTo(conn);
  }

  @Test
  void resourceOnline_recordsTheLastLogin_offlineAndOldEventsKeepIt() {
    java.time.Instant first = java.time.Instant.parse("2026-12-01T08:00:00Z");
    java.time.Instant left = java.time.Instant.parse("2026-12-01T09:00:00Z");
    Account state = Account.EMPTY.apply(new ResourceOnline("balcony", "pekko://test", first));
    assertThat(state.resources().lastLogin()).isEqualTo(first);

    state = state.apply(new ResourceEvent.ResourceOffline("balcony", left))
        .apply(new ResourceOnline("garden", "pekko://test")); // an event written before the time was recorded
    assertThat(state.resources().lastLogin()).isEqualTo(first);
    assertThat(state.resources().lastOffline()).isEqualTo(left);

    java.time.Instant second = java.time.Instant.parse("2026-12-02T08:00:00Z");
    assertThat(state.apply(new ResourceOnline("balcony", "pekko://test", second)).resources().lastLogin())
        .isEqualTo(second);
  }

  @Test
  void bind_invalidResource_badRequest_tooMany_resourceConstraint() {
    assertThat(binding.onBind(Account.EMPTY, new UserSession.Bind("", PartFixture.connection(), reply()))
        .replyValue(Account.EMPTY)).isEqualTo(new BindResult.Refused("bad-request"));
    for (int i = 0; i < ctx.settings().maxResources(); i++) {
      binding.onBind(Account.EMPTY, new UserSession.Bind("r" + i, PartFixture.connection(), reply()));
    }
    assertThat(binding.onBind(Account.EMPTY, new UserSession.Bind("one-more", PartFixture.connection(), reply()))
        .replyValue(Account.EMPTY)).isEqualTo(new BindResult.Refused("resource-constraint"));
  }

  /** Issue #16: what the connection kept comes back whole, directed presence included. */
  @Test
  void reattach_restoresPresenceInterestsAndDirectedPresenceFromTheRecord() {
    XmlElement presence = XmlElement.builder("presence", "jabber:client").attr("from", JULIET + "/balcony")
        .textChild("priority", "3").build();
    ResourceRecord record = new ResourceRecord(presence, true, true, Set.of("garden@conference.example.com/juliet"));
    Account online = Account.EMPTY.apply(new ResourceOnline("balcony", "pekko://test"));

    binding.onReattach(online, new UserSession.Reattach("balcony", PartFixture.connection(), record, null, reply()));

    var r = ctx.resources().get("balcony");
    assertThat(r.available()).isTrue();
    assertThat(r.priority()).isEqualTo(3);
    assertThat(r.interested()).isTrue();
    assertThat(r.blocklistInterested()).isTrue();
    assertThat(r.directed()).containsExactly("garden@conference.example.com/juliet");
    assertThat(r.record()).isEqualTo(record);
    assertThat(ctx.routing.drain()).as("re-attached silently").isEmpty();
  }

  @Test
  void leave_afterReattach_directedTargetHearsTheResourceGo() {
    Account account = PartFixture.withContacts("romeo@example.com", Subscription.BOTH)
        .apply(new ResourceOnline("balcony", "pekko://test"));
    XmlElement presence = XmlElement.builder("presence", "jabber:client").attr("from", JULIET + "/balcony").build();
    ActorRef<ConnectionMessage> conn = PartFixture.connection();
    binding.onReattach(account, new UserSession.Reattach("balcony", conn,
        new ResourceRecord(presence, false, false, Set.of("garden@conference.example.com/juliet")), null, reply()));

    Outcome o = binding.onUnbind(account, new UserSession.Unbind("balcony", conn));

    assertThat(ctx.routing.drain()).extracting(p -> p.attr("to") + " " + p.attr("type")).containsExactlyInAnyOrder(
        "romeo@example.com unavailable", "garden@conference.example.com/juliet unavailable");
    assertThat(o.events()).containsExactly(new ResourceOffline("balcony", PartFixture.NOW));
  }

  @Test
  void idle_withNothingBound_passivates() {
    binding.onIdle();
    assertThat(ctx.passivated).isTrue();
  }
}
