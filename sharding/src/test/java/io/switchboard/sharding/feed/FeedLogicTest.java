package io.switchboard.sharding.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.feed.Feed.Attach;
import io.switchboard.sharding.feed.Feed.Content;
import io.switchboard.sharding.feed.Feed.ContentAnswer;
import io.switchboard.sharding.feed.Feed.EntriesAccepted;
import io.switchboard.sharding.feed.Feed.Event;
import io.switchboard.sharding.feed.Feed.VerifyAnswer;
import io.switchboard.sharding.feed.Feed.VerifyIntent;
import io.switchboard.sharding.feed.FeedAction.AskHub;
import io.switchboard.sharding.feed.FeedAction.Deliver;
import io.switchboard.sharding.feed.FeedAction.Fetch;
import io.switchboard.sharding.feed.FeedAction.RenewAt;
import io.switchboard.sharding.feed.FeedAction.TickAt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pure decisions of a feed, with time given explicitly (no clock, no timers). */
class FeedLogicTest {
  private static final String URL = "https://news.example.com/rss";
  private static final String A = "pubsub.example.com/news";
  private static final String B = "pubsub.example.com/more";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final AtomicInteger token = new AtomicInteger();
  private final FeedSettings settings = FeedSettings.defaults()
      .withCallbackBaseUrl("https://xmpp.example.com");
  private final FeedLogic logic = new FeedLogic(URL, settings, () -> "tok" + token.incrementAndGet());

  private FeedState state = FeedState.EMPTY;
  private FeedRuntime rt = FeedRuntime.START;

  private FeedDecision run(FeedDecision d) {
    for (Event e : d.events()) {
      state = state.apply(e);
    }
    rt = d.runtime();
    return d;
  }

  private static FeedEntry entry(String id, String title) {
    XmlElement payload = XmlElement.builder("entry", "http://www.w3.org/2005/Atom")
        .textChild("id", id).textChild("title", title).build();
    return new FeedEntry(id, payload, Integer.toHexString(payload.toXml().hashCode()));
  }

  private static FetchOutcome doc(FeedEntry... newestFirst) {
    return new FetchOutcome.Modified(new FeedDocument(List.of(newestFirst), null, null), "\"v1\"", null);
  }

  private static <T> List<T> of(FeedDecision d, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (FeedAction a : d.actions()) {
      if (type.isInstance(a)) {
        out.add(type.cast(a));
      }
    }
    return out;
  }

  private void attachAndFetch(FetchOutcome outcome) {
    run(logic.attach(state, rt, T0, new Attach(A, 600)));
    run(logic.tick(state, rt, T0));
    run(logic.fetched(state, rt, T0, outcome));
  }

  @Test
  void attach_firstTarget_fetchesAtOnceUnconditionally() {
    FeedDecision d = run(logic.attach(state, rt, T0, new Attach(A, 600)));
    assertThat(d.actions()).contains(new FeedAction.Listed(true), new TickAt(T0));
    FeedDecision tick = run(logic.tick(state, rt, T0));
    assertThat(of(tick, Fetch.class)).containsExactly(new Fetch(new FetchRequest(URL, null, null)));
    assertThat(rt.fetching()).isTrue();
    assertThat(logic.tick(state, rt, T0).actions()).as("one fetch at a time").isEmpty();
  }

  @Test
  void fetched_newEntries_oneBatchOldestFirstThenConditionalGetAtTheInterval() {
    attachAndFetch(doc(entry("e2", "Two"), entry("e1", "One")));
    assertThat(state.etag()).isEqualTo("\"v1\"");
    assertThat(state.pending()).hasSize(1);
    assertThat(state.pending().get(0).entries()).extracting(FeedEntry::id).containsExactly("e1", "e2");
    assertThat(rt.delivering()).containsExactly(A);
    assertThat(rt.nextFetchAt()).isEqualTo(T0.plusSeconds(600));

    FeedDecision early = logic.tick(state, rt, T0.plusSeconds(10));
    assertThat(early.actions()).containsExactly(new TickAt(T0.plusSeconds(600)));
    FeedDecision due = run(logic.tick(state, rt, T0.plusSeconds(600)));
    assertThat(of(due, Fetch.class).get(0).request()).isEqualTo(new FetchRequest(URL, "\"v1\"", null));
    FeedDecision notModified = run(logic.fetched(state, rt, T0.plusSeconds(601), FetchOutcome.NotModified.INSTANCE));
    assertThat(notModified.events()).isEmpty();
    assertThat(rt.notModified()).isEqualTo(1);
    assertThat(rt.nextFetchAt()).isEqualTo(T0.plusSeconds(1201));
  }

  @Test
  void fetched_sameDocumentAgain_nothingNew_changedEntryAlone() {
    attachAndFetch(doc(entry("e2", "Two"), entry("e1", "One")));
    run(logic.delivered(state, rt, T0, A, 1, FeedTargets.Outcome.PUBLISHED, null));
    assertThat(state.pending()).isEmpty();

    run(logic.tick(state, rt, T0.plusSeconds(600)));
    FeedDecision same = run(logic.fetched(state, rt, T0.plusSeconds(600), doc(entry("e2", "Two"), entry("e1", "One"))));
    assertThat(same.events()).isEmpty();
    assertThat(of(same, Deliver.class)).isEmpty();

    run(logic.tick(state, rt, T0.plusSeconds(1200)));
    FeedDecision changed = run(logic.fetched(state, rt, T0.plusSeconds(1200),
        doc(entry("e3", "Three"), entry("e2", "Two, corrected"), entry("e1", "One"))));
    EntriesAccepted accepted = (EntriesAccepted) changed.events().get(0);
    assertThat(accepted.batches()).hasSize(1);
    assertThat(accepted.batches().get(0).seq()).isEqualTo(2);
    assertThat(accepted.batches().get(0).entries()).extracting(FeedEntry::id).containsExactly("e2", "e3");
    assertThat(of(changed, Deliver.class)).extracting(Deliver::target).containsExactly(A);
    assertThat(state.entriesAccepted()).isEqualTo(4);
  }

  @Test
  void fetched_failures_backOffDoublingAndRetryAfterHonouredUpToItsCap() {
    run(logic.attach(state, rt, T0, new Attach(A, 600)));
    run(logic.tick(state, rt, T0));
    run(logic.fetched(state, rt, T0, new FetchOutcome.Failed("HTTP 500", null)));
    assertThat(rt.nextFetchAt()).isEqualTo(T0.plusSeconds(1200));
    assertThat(rt.lastError()).isEqualTo("HTTP 500");
    run(logic.tick(state, rt, T0.plusSeconds(1200)));
    run(logic.fetched(state, rt, T0.plusSeconds(1200), new FetchOutcome.Failed("HTTP 500", null)));
    assertThat(rt.errors()).isEqualTo(2);
    assertThat(rt.nextFetchAt()).isEqualTo(T0.plusSeconds(1200 + 2400));
    run(logic.tick(state, rt, rt.nextFetchAt()));
    Instant t = rt.nextFetchAt();
    run(logic.fetched(state, rt, t, new FetchOutcome.Failed("HTTP 503", Duration.ofHours(3))));
    assertThat(rt.nextFetchAt()).isEqualTo(t.plus(Duration.ofHours(3)));
    run(logic.tick(state, rt, rt.nextFetchAt()));
    t = rt.nextFetchAt();
    run(logic.fetched(state, rt, t, new FetchOutcome.Failed("HTTP 429", Duration.ofDays(30))));
    assertThat(rt.nextFetchAt()).as("capped at max-retry-after").isEqualTo(t.plus(Duration.ofHours(24)));
    run(logic.tick(state, rt, rt.nextFetchAt()));
    run(logic.fetched(state, rt, rt.nextFetchAt(), FetchOutcome.NotModified.INSTANCE));
    assertThat(rt.errors()).isZero();
  }

  @Test
  void backoff_cappedAtMaxBackoff() {
    assertThat(logic.backoff(Duration.ofMinutes(15), 10)).isEqualTo(Duration.ofHours(6));
    assertThat(logic.backoff(Duration.ofHours(8), 3)).as("an interval above the cap stays").isEqualTo(Duration.ofHours(8));
  }

  @Test
  void interval_smallestOfTargetsNeverBelowMinimum() {
    run(logic.attach(state, rt, T0, new Attach(A, 600)));
    run(logic.attach(state, rt, T0, new Attach(B, 5)));
    assertThat(logic.interval(state, T0)).isEqualTo(Duration.ofMinutes(1));
    run(logic.detach(state, rt, T0, B));
    assertThat(logic.interval(state, T0)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void attach_secondTargetLater_getsEveryEntryOnceOthersOnlyNewOnes() {
    attachAndFetch(doc(entry("e2", "Two"), entry("e1", "One")));
    run(logic.delivered(state, rt, T0, A, 1, FeedTargets.Outcome.PUBLISHED, null));
    FeedDecision attach = run(logic.attach(state, rt, T0.plusSeconds(5), new Attach(B, 0)));
    assertThat(state.backfill()).containsExactly(B);
    assertThat(attach.actions()).contains(new TickAt(T0.plusSeconds(5)));
    FeedDecision tick = run(logic.tick(state, rt, T0.plusSeconds(5)));
    assertThat(of(tick, Fetch.class).get(0).request().etag()).as("unconditional for the backfill").isNull();
    FeedDecision fetched = run(logic.fetched(state, rt, T0.plusSeconds(5),
        doc(entry("e3", "Three"), entry("e2", "Two"), entry("e1", "One"))));
    EntriesAccepted accepted = (EntriesAccepted) fetched.events().get(0);
    assertThat(accepted.batches()).hasSize(2);
    assertThat(accepted.batches().get(0).targets()).containsExactly(A);
    assertThat(accepted.batches().get(0).entries()).extracting(FeedEntry::id).containsExactly("e3");
    assertThat(accepted.batches().get(1).targets()).containsExactly(B);
    assertThat(accepted.batches().get(1).entries()).extracting(FeedEntry::id).containsExactly("e1", "e2", "e3");
    assertThat(state.backfill()).isEmpty();
    assertThat(of(fetched, Deliver.class)).extracting(Deliver::target).containsExactlyInAnyOrder(A, B);
  }

  @Test
  void delivered_failedThenNotAttached_retriesThenDetachesAndStopsWhenAttachedNowhere() {
    attachAndFetch(doc(entry("e1", "One")));
    FeedDecision failed = run(logic.delivered(state, rt, T0, A, 1, null, "timeout"));
    assertThat(failed.actions()).containsExactly(new FeedAction.RetryDelivery(A, settings.deliveryRetry()));
    assertThat(state.pending()).hasSize(1);
    FeedDecision retry = run(logic.retryDelivery(state, rt, A));
    assertThat(of(retry, Deliver.class)).hasSize(1);
    FeedDecision gone = run(logic.delivered(state, rt, T0, A, 1, FeedTargets.Outcome.NOT_ATTACHED, null));
    assertThat(state.active()).isFalse();
    assertThat(gone.actions()).contains(new FeedAction.Listed(false), FeedAction.Passivate.INSTANCE);
    assertThat(state.nextSeq()).as("never reset").isEqualTo(2);
  }

  @Test
  void websub_hubInDocument_subscribeVerifyRenewAndSlowPolling() {
    run(logic.attach(state, rt, T0, new Attach(A, 60)));
    run(logic.tick(state, rt, T0));
    FeedDecision d = run(logic.fetched(state, rt, T0, new FetchOutcome.Modified(
        new FeedDocument(List.of(entry("e1", "One")), "https://hub.example.net/", URL), null, null)));
    AskHub ask = of(d, AskHub.class).get(0);
    assertThat(ask.request().mode()).isEqualTo("subscribe");
    assertThat(ask.request().topic()).isEqualTo(URL);
    assertThat(ask.request().callback()).isEqualTo(
        "https://xmpp.example.com/websub/" + FeedKeys.encode(URL) + "/" + state.websub().subId());
    String subId = state.websub().subId();

    VerifyIntent wrongTopic = new VerifyIntent(subId, "subscribe", "https://other.example/", "c1", 3600, null, null);
    assertThat(logic.verify(state, rt, T0, wrongTopic).reply()).isEqualTo(VerifyAnswer.NOT_FOUND);
    VerifyIntent wrongSub = new VerifyIntent("nope", "subscribe", URL, "c1", 3600, null, null);
    assertThat(logic.verify(state, rt, T0, wrongSub).reply()).isEqualTo(VerifyAnswer.NOT_FOUND);

    FeedDecision ok = run(logic.verify(state, rt, T0.plusSeconds(1),
        new VerifyIntent(subId, "subscribe", URL, "c1", 7200, null, null)));
    assertThat(ok.reply()).isEqualTo(new VerifyAnswer(200, "c1"));
    assertThat(state.websub().liveAt(T0.plusSeconds(2))).isTrue();
    assertThat(of(ok, RenewAt.class)).containsExactly(new RenewAt(T0.plusSeconds(1 + 3600)));
    assertThat(logic.interval(state, T0.plusSeconds(2))).as("polled at the safety interval").isEqualTo(Duration.ofHours(1));
    assertThat(logic.verify(state, rt, T0.plusSeconds(3),
        new VerifyIntent(subId, "subscribe", URL, "c2", 7200, null, null)).reply())
        .as("no pending request: not confirmed again").isEqualTo(VerifyAnswer.NOT_FOUND);

    FeedDecision renew = run(logic.renew(state, rt, T0.plusSeconds(3601)));
    AskHub again = of(renew, AskHub.class).get(0);
    assertThat(again.request().callback()).isEqualTo(ask.request().callback());
    assertThat(again.request().secret()).isEqualTo(ask.request().secret());
    run(logic.verify(state, rt, T0.plusSeconds(3602), new VerifyIntent(subId, "subscribe", URL, "c3", 7200, null, null)));
    assertThat(state.websub().leaseUntil()).isEqualTo(T0.plusSeconds(3602 + 7200));
  }

  @Test
  void websub_content_signedByTheSecretOnly() {
    run(logic.attach(state, rt, T0, new Attach(A, 60)));
    run(logic.tick(state, rt, T0));
    run(logic.fetched(state, rt, T0, new FetchOutcome.Modified(
        new FeedDocument(List.of(), "https://hub.example.net/", null), null, null)));
    String subId = state.websub().subId();
    String secret = state.websub().secret();
    byte[] body = "<feed/>".getBytes(StandardCharsets.UTF_8);
    assertThat(logic.content(state, rt, T0, new Content(subId, body, "application/atom+xml",
        WebSubSignature.sign("sha256", secret, body), null)).reply())
        .as("not verified yet").isEqualTo(ContentAnswer.UNKNOWN);
    run(logic.verify(state, rt, T0, new VerifyIntent(subId, "subscribe", URL, "c", 0, null, null)));

    FeedDecision wrong = run(logic.content(state, rt, T0, new Content(subId, body, "application/atom+xml",
        WebSubSignature.sign("sha256", "guess", body), null)));
    assertThat(wrong.reply()).isEqualTo(ContentAnswer.BAD_SIGNATURE);
    assertThat(of(wrong, FeedAction.Parse.class)).isEmpty();
    assertThat(rt.lastError()).contains("wrong X-Hub-Signature");
    assertThat(logic.content(state, rt, T0, new Content(subId, body, null, null, null)).reply())
        .isEqualTo(ContentAnswer.BAD_SIGNATURE);
    for (String method : List.of("sha1", "sha256", "sha512")) {
      FeedDecision good = logic.content(state, rt, T0, new Content(subId, body, "application/atom+xml",
          WebSubSignature.sign(method, secret, body), null));
      assertThat(good.reply()).as(method).isEqualTo(ContentAnswer.ACCEPTED);
      assertThat(of(good, FeedAction.Parse.class)).hasSize(1);
    }
    FeedDecision pushed = run(logic.contentParsed(state, rt, T0, new FeedDocument(List.of(entry("p1", "Pushed")), null, null), null));
    assertThat(of(pushed, Deliver.class)).hasSize(1);
  }

  @Test
  void websub_hubRefusesOrNeverVerifies_pollingAtTheNormalInterval() {
    run(logic.attach(state, rt, T0, new Attach(A, 60)));
    run(logic.tick(state, rt, T0));
    run(logic.fetched(state, rt, T0, new FetchOutcome.Modified(
        new FeedDocument(List.of(), "https://hub.example.net/", null), null, null)));
    String subId = state.websub().subId();
    run(logic.verifyDeadline(state, rt, T0.plusSeconds(120), subId));
    assertThat(state.websub()).isNull();
    assertThat(rt.lastError()).contains("did not verify");
    assertThat(logic.interval(state, T0.plusSeconds(120))).isEqualTo(Duration.ofMinutes(1));
    run(logic.tick(state, rt, rt.nextFetchAt()));
    FeedDecision again = run(logic.fetched(state, rt, T0.plusSeconds(180), new FetchOutcome.Modified(
        new FeedDocument(List.of(), "https://hub.example.net/", null), null, null)));
    assertThat(of(again, AskHub.class)).as("not before hub-retry").isEmpty();
  }

  @Test
  void recovered_attached_resumesWithinTheStartSpreadAndRedeliversPending() {
    attachAndFetch(doc(entry("e1", "One")));
    FeedDecision d = logic.recovered(state, FeedRuntime.START, T0);
    TickAt tick = of(d, TickAt.class).get(0);
    assertThat(tick.at()).isBetween(T0, T0.plus(settings.startSpread()));
    assertThat(of(d, Deliver.class)).extracting(Deliver::target).containsExactly(A);
  }
}
