package io.switchboard.node.api;

import io.switchboard.protocol.util.Failures;
import io.switchboard.sharding.feed.Feed;
import io.switchboard.sharding.feed.FeedService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSub subscriber's callback on the HTTP port (W3C WebSub §5.3 and §7):
 * {@code GET /websub/<feed>/<subscription>?hub.mode=...} is a hub's verification of intent (or
 * denial), answered 200 with {@code hub.challenge} only when that subscription is waiting for it
 * with the same topic, else 404; {@code POST} is content distribution, 202 when its
 * {@code X-Hub-Signature} matches the subscription's secret, 403 when it does not, 410 for a
 * subscription the feed does not have (the hub should stop), 413 over the body limit. Any node
 * answers: the feed's entity is reached through sharding wherever it runs.
 */
final class WebSubCallback extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(WebSubCallback.class);

  private final FeedService feeds;
  private final int maxBody;
  private final Materializer materializer;

  WebSubCallback(FeedService feeds, int maxBody, Materializer materializer) {
    this.feeds = feeds;
    this.maxBody = maxBody;
    this.materializer = materializer;
  }

  Route route() {
    return path(PathMatchers.segment("websub").slash(PathMatchers.segment()).slash(PathMatchers.segment()),
        (feed, sub) -> concat(
            get(() -> parameterOptional("hub.mode", mode -> parameterOptional("hub.topic", topic ->
                parameterOptional("hub.challenge", challenge -> parameterOptional("hub.lease_seconds", lease ->
                    parameterOptional("hub.reason", reason -> completeWithFuture(
                        feeds.verify(feed, sub, mode.orElse(null), topic.orElse(null), challenge.orElse(null),
                                seconds(lease.orElse(null)), reason.orElse(null))
                            .handle((answer, e) -> verified(answer, e))))))))),
            post(() -> extractRequest(req -> completeWithFuture(content(req, feed, sub))))));
  }

  private static long seconds(String s) {
    try {
      return s == null ? 0 : Math.max(0, Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static HttpResponse verified(Feed.VerifyAnswer answer, Throwable e) {
    if (e != null) {
      return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE);
    }
    return answer.status() == 200
        ? HttpResponse.create().withEntity(ContentTypes.TEXT_PLAIN_UTF8, answer.body())
        : HttpResponse.create().withStatus(StatusCodes.NOT_FOUND);
  }

  private java.util.concurrent.CompletionStage<HttpResponse> content(HttpRequest req, String feed, String sub) {
    HttpEntity entity = req.entity();
    String contentType = entity.getContentType().toString();
    String signature = req.getHeader("X-Hub-Signature").map(HttpHeader::value).orElse(null);
    return entity.withSizeLimit(maxBody).toStrict(Duration.ofSeconds(30).toMillis(), materializer)
        .thenCompose(strict -> feeds.content(feed, sub, strict.getData().toArray(), contentType, signature))
        .handle((answer, e) -> {
          if (e != null) {
            Throwable cause = Failures.cause(e);
            if (cause instanceof EntityStreamSizeException) {
              return HttpResponse.create().withStatus(StatusCodes.PAYLOAD_TOO_LARGE);
            }
            log.warn("WebSub content for {} failed: {}", feed, cause.toString());
            return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE);
          }
          if (answer.equals(Feed.ContentAnswer.ACCEPTED)) {
            return HttpResponse.create().withStatus(StatusCodes.ACCEPTED);
          }
          if (answer.equals(Feed.ContentAnswer.BAD_SIGNATURE)) {
            return HttpResponse.create().withStatus(StatusCodes.FORBIDDEN)
                .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "X-Hub-Signature does not match".getBytes(StandardCharsets.UTF_8));
          }
          return HttpResponse.create().withStatus(StatusCodes.GONE);
        });
  }
}
