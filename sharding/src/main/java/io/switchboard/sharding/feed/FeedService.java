package io.switchboard.sharding.feed;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The entry point of feeds on a node: {@link #init} registers {@link Feed} and
 * {@link FeedDirectory} with cluster sharding; the service then attaches and detaches feeds (as
 * the pub-sub nodes' {@link FeedAttachments}), reports their status, and hands WebSub callbacks
 * (which may reach any node) to the feed's entity wherever it runs.
 */
public final class FeedService implements FeedAttachments {
  /** How long a cached copy of the feed list answers "yes, a feed" for callbacks (a miss asks). */
  private static final Duration LIST_CACHE = Duration.ofSeconds(2);

  /** What feeds need from the node: the HTTP adapters, the pub-sub nodes, the clock. */
  public record Dependencies(FeedFetcher fetcher, WebSubHub hub, FeedTargets targets, Clock clock) {
    public Dependencies {
      Objects.requireNonNull(fetcher, "fetcher");
      Objects.requireNonNull(hub, "hub");
      Objects.requireNonNull(targets, "targets");
      Objects.requireNonNull(clock, "clock");
    }
  }

  private final ClusterSharding sharding;
  private final FeedSettings settings;
  private final Clock clock;
  private volatile Cached cached = new Cached(Set.of(), Long.MIN_VALUE);

  private record Cached(Set<String> urls, long atMillis) {}

  private FeedService(ClusterSharding sharding, FeedSettings settings, Clock clock) {
    this.sharding = sharding;
    this.settings = settings;
    this.clock = clock;
  }

  /** Registers the entities on this node; call once per node, like {@code PubSubService.init}. */
  public static FeedService init(ActorSystem<?> system, int numberOfShards, FeedSettings settings,
      Dependencies deps) {
    ClusterSharding sharding = ClusterSharding.get(system);
    FeedDirectory.init(system, numberOfShards, settings);
    Feed.Registry registry = (url, listed) -> sharding
        .entityRefFor(FeedDirectory.TYPE_KEY, FeedDirectory.ID)
        .tell(listed ? new FeedDirectory.Add(url) : new FeedDirectory.Remove(url));
    Feed.init(system, numberOfShards, settings, new Feed.Deps(deps.fetcher(), deps.hub(),
        deps.targets(), registry, deps.clock(), randomTokens()));
    return new FeedService(sharding, settings, deps.clock());
  }

  /** 192 random bits, base64url: WebSub callback ids and secrets. */
  static Supplier<String> randomTokens() {
    SecureRandom random = new SecureRandom();
    return () -> {
      byte[] b = new byte[24];
      random.nextBytes(b);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    };
  }

  public FeedSettings settings() {
    return settings;
  }

  @Override
  public void attach(String url, String target, int intervalSeconds) {
    FeedKeys.normalise(url).ifPresent(u ->
        sharding.entityRefFor(Feed.TYPE_KEY, u).tell(new Feed.Attach(target, intervalSeconds)));
  }

  @Override
  public void detach(String url, String target) {
    FeedKeys.normalise(url).ifPresent(u ->
        sharding.entityRefFor(Feed.TYPE_KEY, u).tell(new Feed.Detach(target)));
  }

  /** The URLs of every attached feed. */
  public CompletionStage<Set<String>> urls() {
    return sharding.entityRefFor(FeedDirectory.TYPE_KEY, FeedDirectory.ID)
        .<FeedDirectory.Urls>ask(FeedDirectory.GetUrls::new, settings.askTimeout())
        .thenApply(u -> {
          cached = new Cached(u.urls(), clock.millis());
          return u.urls();
        });
  }

  /**
   * The status of every attached feed; a feed that does not answer in time is reported with
   * that as its error.
   */
  public CompletionStage<List<FeedStatus>> statuses() {
    return urls().thenCompose(urls -> {
      List<CompletableFuture<FeedStatus>> all = new ArrayList<>();
      for (String url : urls) {
        all.add(status(url).toCompletableFuture());
      }
      return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
          .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    });
  }

  /** One feed's status (of an unknown feed: attached nowhere). */
  public CompletionStage<FeedStatus> status(String url) {
    return sharding.entityRefFor(Feed.TYPE_KEY, url)
        .<FeedStatus>ask(Feed.GetStatus::new, settings.askTimeout())
        .exceptionally(e -> new FeedStatus(url, List.of(), 0, null, null, "error",
            "the feed's entity did not answer: " + e.getMessage(), null, 0, null, 0, 0, 0, 0,
            "unknown", null, null));
  }

  /**
   * A hub's verification of intent on {@code /websub/<feedKey>/<subId>}: 200 with the challenge,
   * or 404 when no such subscription is waiting for it.
   */
  public CompletionStage<Feed.VerifyAnswer> verify(String feedKey, String subId, String mode,
      String topic, String challenge, long leaseSeconds, String reason) {
    return knownFeed(feedKey).thenCompose(url -> url.isEmpty()
        ? CompletableFuture.completedFuture(Feed.VerifyAnswer.NOT_FOUND)
        : sharding.entityRefFor(Feed.TYPE_KEY, url.get()).<Feed.VerifyAnswer>ask(
            replyTo -> new Feed.VerifyIntent(subId, mode, topic, challenge, leaseSeconds, reason,
                replyTo), settings.askTimeout()));
  }

  /** A hub's content distribution on {@code /websub/<feedKey>/<subId>}. */
  public CompletionStage<Feed.ContentAnswer> content(String feedKey, String subId, byte[] body,
      String contentType, String signature) {
    return knownFeed(feedKey).thenCompose(url -> url.isEmpty()
        ? CompletableFuture.completedFuture(Feed.ContentAnswer.UNKNOWN)
        : sharding.entityRefFor(Feed.TYPE_KEY, url.get()).<Feed.ContentAnswer>ask(
            replyTo -> new Feed.Content(subId, body, contentType, signature, replyTo),
            settings.askTimeout()));
  }

  /**
   * The feed a callback path names, if it is attached: unknown URLs never start an entity (a
   * callback is reachable by anyone).
   */
  private CompletionStage<Optional<String>> knownFeed(String feedKey) {
    Optional<String> url = FeedKeys.decode(feedKey);
    if (url.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    Cached c = cached;
    if (c.urls().contains(url.get()) && clock.millis() - c.atMillis() < LIST_CACHE.toMillis()) {
      return CompletableFuture.completedFuture(url);
    }
    return urls().thenApply(urls -> url.filter(urls::contains));
  }
}
