package io.switchboard.node.feeds;

import io.switchboard.sharding.feed.WebSubHub;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@link WebSubHub} over HTTP (W3C WebSub §5.1): a form-encoded POST of {@code hub.mode},
 * {@code hub.topic}, {@code hub.callback}, {@code hub.secret} and {@code hub.lease_seconds} to the
 * hub; any 2xx is accepted (the hub then verifies intent on the callback). The hub's address is
 * checked like a feed's.
 */
public final class HttpWebSubHub implements WebSubHub {
  private final FeedHttpSettings settings;
  private final HttpClient client;
  private final AddressPolicy policy;
  private final Executor executor;

  public HttpWebSubHub(FeedHttpSettings settings, HttpClient client, Executor executor) {
    this.settings = settings;
    this.client = client;
    this.policy = new AddressPolicy(settings.allowPrivateAddresses());
    this.executor = executor;
  }

  @Override
  public CompletionStage<Answer> send(Request r) {
    URI hub;
    try {
      hub = URI.create(r.hub());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Answer.refused("not a URL: " + r.hub()));
    }
    return CompletableFuture.supplyAsync(() -> policy.refusal(hub), executor).thenCompose(refused -> {
      if (refused != null) {
        return CompletableFuture.completedFuture(Answer.refused(refused));
      }
      String form = "hub.mode=" + enc(r.mode()) + "&hub.topic=" + enc(r.topic())
          + "&hub.callback=" + enc(r.callback())
          + (r.mode().equals("subscribe") ? "&hub.secret=" + enc(r.secret())
              + "&hub.lease_seconds=" + r.lease().toSeconds() : "");
      HttpRequest req = HttpRequest.newBuilder(hub)
          .timeout(settings.timeout())
          .header("User-Agent", settings.userAgent())
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form))
          .build();
      return client.sendAsync(req, HttpResponse.BodyHandlers.discarding())
          .handle((resp, e) -> {
            if (e != null) {
              return Answer.refused(HttpFeedFetcher.describe(e));
            }
            int s = resp.statusCode();
            return s >= 200 && s < 300 ? Answer.ok() : Answer.refused("HTTP " + s);
          });
    });
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
