package io.switchboard.node.feeds;

import io.switchboard.protocol.util.Failures;
import io.switchboard.sharding.feed.FeedDocument;
import io.switchboard.sharding.feed.FeedFetcher;
import io.switchboard.sharding.feed.FetchOutcome;
import io.switchboard.sharding.feed.FetchRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link FeedFetcher} over the JDK's HTTP client: a conditional GET ({@code If-None-Match},
 * {@code If-Modified-Since}), redirects followed by hand (each hop checked against the
 * {@link AddressPolicy}, at most {@code max-redirects}, a loop stops at once), the body bounded
 * in size ({@link BoundedBody}) and the whole fetch in time, https with the JDK's normal
 * certificate checks, then the document parsed by {@link RomeFeedParser} off the caller's
 * thread. Every failure becomes a {@link FetchOutcome.Failed} with one line saying why.
 */
public final class HttpFeedFetcher implements FeedFetcher {
  private static final String ACCEPT = "application/atom+xml, application/rss+xml, "
      + "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1";
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;([^,]*)");
  private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]*)\"?");

  private final FeedHttpSettings settings;
  private final HttpClient client;
  private final AddressPolicy policy;
  private final RomeFeedParser parser;
  private final Executor executor;
  private final Clock clock;

  public HttpFeedFetcher(FeedHttpSettings settings, HttpClient client, Executor executor, Clock clock) {
    this.settings = settings;
    this.client = client;
    this.policy = new AddressPolicy(settings.allowPrivateAddresses());
    this.parser = new RomeFeedParser(settings.maxEntryBytes());
    this.executor = executor;
    this.clock = clock;
  }

  /** The client the fetcher and the hub client share: no automatic redirects, HTTP/1.1. */
  public static HttpClient client(FeedHttpSettings settings, Executor executor) {
    return HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .executor(executor)
        .build();
  }

  AddressPolicy policy() {
    return policy;
  }

  @Override
  public CompletionStage<FetchOutcome> fetch(FetchRequest request) {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    URI uri;
    try {
      uri = URI.create(request.url());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(new FetchOutcome.Failed("not a URL: " + request.url(), null));
    }
    return hop(request, uri, 0, deadline, new HashSet<>())
        .exceptionally(e -> new FetchOutcome.Failed(describe(e), null));
  }

  @Override
  public CompletionStage<FeedDocument> parse(byte[] body, String contentType) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return parser.parse(body, contentType);
      } catch (RomeFeedParser.NotAFeed e) {
        throw new CompletionException(e);
      }
    }, executor);
  }

  private CompletableFuture<FetchOutcome> hop(FetchRequest req, URI uri, int redirects,
      long deadline, Set<URI> visited) {
    return CompletableFuture.supplyAsync(() -> policy.refusal(uri), executor).thenCompose(refused -> {
      if (refused != null) {
        return done((FetchOutcome) new FetchOutcome.Failed(refused, null));
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return done((FetchOutcome) timedOut());
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET()
          .timeout(Duration.ofNanos(remaining))
          .header("User-Agent", settings.userAgent())
          .header("Accept", ACCEPT);
      if (req.etag() != null) {
        b.header("If-None-Match", req.etag());
      }
      if (req.lastModified() != null) {
        b.header("If-Modified-Since", req.lastModified());
      }
      AtomicReference<BoundedBody> body = new AtomicReference<>();
      HttpResponse.BodyHandler<byte[]> handler = info -> {
        if (info.statusCode() != 200) {
          return HttpResponse.BodySubscribers.replacing(null);
        }
        BoundedBody bounded = new BoundedBody(settings.maxBodyBytes());
        long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced > settings.maxBodyBytes()) {
          bounded.fail(new BoundedBody.TooLarge("the body is larger than "
              + settings.maxBodyBytes() + " bytes (Content-Length " + announced + ")"));
        }
        body.set(bounded);
        return bounded;
      };
      CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(b.build(), handler);
      return sent.orTimeout(remaining, TimeUnit.NANOSECONDS)
          .<CompletableFuture<FetchOutcome>>handle((response, failure) -> {
            if (failure != null) {
              BoundedBody bounded = body.get();
              if (bounded != null) {
                bounded.fail(new BoundedBody.TooLarge("cancelled"));
              }
              sent.cancel(true);
              Throwable cause = Failures.cause(failure);
              if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
                return done((FetchOutcome) timedOut());
              }
              return done((FetchOutcome) new FetchOutcome.Failed(describe(cause), null));
            }
            return answer(req, uri, response, redirects, deadline, visited);
          })
          .thenCompose(f -> f);
    });
  }

  private CompletableFuture<FetchOutcome> answer(FetchRequest req, URI uri,
      HttpResponse<byte[]> response, int redirects, long deadline, Set<URI> visited) {
    int status = response.statusCode();
    if (status == 304) {
      return done(FetchOutcome.NotModified.INSTANCE);
    }
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      String location = response.headers().firstValue("Location").orElse(null);
      if (location == null) {
        return done(new FetchOutcome.Failed("HTTP " + status + " without a Location", null));
      }
      URI next;
      try {
        next = uri.resolve(location.trim());
      } catch (IllegalArgumentException e) {
        return done(new FetchOutcome.Failed("HTTP " + status + " to a bad Location", null));
      }
      visited.add(uri);
      if (visited.contains(next)) {
        return done(new FetchOutcome.Failed("redirect loop (back to " + next + ")", null));
      }
      if (redirects + 1 > settings.maxRedirects()) {
        return done(new FetchOutcome.Failed("more than " + settings.maxRedirects() + " redirects", null));
      }
      return hop(req, next, redirects + 1, deadline, visited);
    }
    if (status != 200) {
      return done(new FetchOutcome.Failed("HTTP " + status,
          retryAfter(response.headers().firstValue("Retry-After").orElse(null))));
    }
    byte[] body = response.body();
    String contentType = response.headers().firstValue("Content-Type").orElse(null);
    String etag = response.headers().firstValue("ETag").orElse(null);
    String lastModified = response.headers().firstValue("Last-Modified").orElse(null);
    String linkHub = link(response, "hub");
    String linkSelf = link(response, "self");
    return CompletableFuture.supplyAsync(() -> {
      try {
        FeedDocument doc = parser.parse(body, contentType);
        // WebSub §4: the HTTP Link header takes precedence over the document's links.
        FeedDocument withLinks = new FeedDocument(doc.entries(),
            linkHub != null ? linkHub : doc.hub(), linkSelf != null ? linkSelf : doc.self());
        return (FetchOutcome) new FetchOutcome.Modified(withLinks, etag, lastModified);
      } catch (RomeFeedParser.NotAFeed e) {
        return new FetchOutcome.Failed(e.getMessage(), null);
      }
    }, executor);
  }

  private static String link(HttpResponse<?> response, String rel) {
    for (String header : response.headers().allValues("Link")) {
      Matcher m = LINK.matcher(header);
      while (m.find()) {
        Matcher r = REL.matcher(m.group(2));
        if (r.find() && java.util.Arrays.asList(r.group(1).trim().split("\\s+")).contains(rel)) {
          return m.group(1).trim();
        }
      }
    }
    return null;
  }

  /** {@code Retry-After} as seconds or an HTTP date (RFC 9110 §10.2.3), or null. */
  Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      try {
        Duration d = Duration.between(clock.instant(),
            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private FetchOutcome.Failed timedOut() {
    return new FetchOutcome.Failed("timed out after " + settings.timeout().toSeconds() + " s", null);
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  static String describe(Throwable e) {
    Throwable cause = Failures.cause(e);
    if (cause instanceof BoundedBody.TooLarge) {
      return cause.getMessage();
    }
    if (cause instanceof javax.net.ssl.SSLException) {
      return "TLS failed: " + cause.getMessage();
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused or failed";
    }
    String m = cause.getMessage();
    return cause.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
