package io.switchboard.sharding.session.sm;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.ResumeResult;
import io.switchboard.sharding.session.UserSession;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class StreamManagementTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private final TestSessionContext ctx = PartFixture.juliet();
  private final StreamManagement sm = ctx.streamManagement();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void park_withoutATicket_sessionEndsAndUnacknowledgedMessagesGoToTheBareJid() {
    TestProbe<ConnectionMessage> conn = kit.createTestProbe();
    ctx.bind("balcony", conn.ref(), available(JULIET + "/balcony", 0), 0);

    sm.onPark(Account.EMPTY, new UserSession.Park("balcony", conn.ref(), 0,
        List.of(message("romeo@example.com/o", JULIET + "/balcony", "chat", "hi")), java.util.Arrays.asList((io.switchboard.sharding.session.Receipt) null)));

    conn.expectMessage(ConnectionMessage.Released.INSTANCE);
    assertThat(ctx.routing.drain()).extracting(s -> s.attr("to")).contains(JULIET);
    assertThat(ctx.resources().get("balcony")).isNull();
  }

  @Test
  void park_withATicket_journaledAndExpiryScheduled_thenResumed() {
    TestProbe<ConnectionMessage> conn = kit.createTestProbe();
    ctx.bind("balcony", conn.ref(), available(JULIET + "/balcony", 0), 0);
    sm.onEnabled(new UserSession.StreamManagementEnabled("balcony", conn.ref(), new SmTicket("tok", 0, 0, 0, 60_000)));

    Outcome parked = sm.onPark(Account.EMPTY, new UserSession.Park("balcony", conn.ref(), 0, List.of(), List.of()));
    Account state = parked.applyTo(Account.EMPTY);

    assertThat(parked.events()).hasSize(1).first().isInstanceOf(ParkEvent.ResourceParked.class);
    assertThat(ctx.selfMessages).contains(new StreamManagement.ParkExpired("balcony", "tok"));
    conn.expectMessage(ConnectionMessage.ParkAccepted.INSTANCE);

    TestProbe<ConnectionMessage> fresh = kit.createTestProbe();
    TestProbe<ResumeResult> reply = kit.createTestProbe();
    Outcome resumed = sm.onResume(state, new UserSession.Resume("balcony", "tok", 0, 60_000, fresh.ref(), reply.ref()));

    assertThat(resumed.replyValue(state)).isInstanceOf(ResumeResult.Resumed.class);
    assertThat(ctx.resources().get("balcony").connection()).isEqualTo(fresh.ref());
    assertThat(ctx.resources().isParked("balcony")).isFalse();
  }

  @Test
  void resume_wrongToken_failed() {
    TestProbe<ResumeResult> reply = kit.createTestProbe();
    Outcome o = sm.onResume(Account.EMPTY, new UserSession.Resume("balcony", "nope", 0, 60_000,
        kit.<ConnectionMessage>createTestProbe().ref(), reply.ref()));
    assertThat(o.replyValue(Account.EMPTY)).isEqualTo(ResumeResult.Failed.INSTANCE);
  }

  @Test
  void mustNotBeLost_chatAndNormalMessagesOnly() {
    assertThat(StreamManagement.mustNotBeLost(message("a@b/c", JULIET, "chat", "x"))).isTrue();
    assertThat(StreamManagement.mustNotBeLost(message("a@b/c", JULIET, null, "x"))).isTrue();
    assertThat(StreamManagement.mustNotBeLost(message("a@b/c", JULIET, "headline", "x"))).isFalse();
    assertThat(StreamManagement.mustNotBeLost(message("a@b/c", JULIET, "error", "x"))).isFalse();
  }
}
