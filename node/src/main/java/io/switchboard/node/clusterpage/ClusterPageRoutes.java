package io.switchboard.node.clusterpage;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.switchboard.node.api.JsonResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The live cluster page on the management port: {@code GET /} and {@code /page/*} (static HTML,
 * script and style from the classpath, no data, served without the token: see
 * {@code ManagementServer}) and {@code GET /switchboard/cluster} (the {@link ClusterView} as JSON,
 * behind the bearer token like every other management route). Pekko Management loads it from
 * {@code pekko.management.http.routes} (application.conf).
 */
public final class ClusterPageRoutes extends AllDirectives implements ManagementRouteProvider {
  /** How long each entity type's regions get to report their shards. */
  private static final Duration SHARDING_TIMEOUT = Duration.ofMillis(1500);

  /**
   * Only this origin's script, style and JSON; no inline script, no framing, no form posts, no
   * referrer (the page never has the token in its URL, but nothing else needs to leave either).
   */
  static final List<HttpHeader> PAGE_HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
          + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("Cache-Control", "no-store"));

  private final ClusterPage page;
  private final byte[] html = resource("index.html");
  private final byte[] script = resource("app.js");
  private final byte[] style = resource("style.css");

  ClusterPageRoutes(ClusterPage page) {
    this.page = page;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return concat(
        pathSingleSlash(() -> get(() -> file(ContentTypes.TEXT_HTML_UTF8, html))),
        path(PathMatchers.segment("page").slash("app.js"), () -> get(() ->
            file(MediaTypes.applicationWithFixedCharset("javascript", HttpCharsets.UTF_8).toContentType(), script))),
        path(PathMatchers.segment("page").slash("style.css"), () -> get(() ->
            file(MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8), style))),
        path(PathMatchers.segment("switchboard").slash("cluster"), () -> get(() ->
            completeWithFuture(page.view(SHARDING_TIMEOUT).thenApply(ClusterPageRoutes::toResponse)))));
  }

  private Route file(ContentType type, byte[] body) {
    return complete(HttpResponse.create().withEntity(type, body).addHeaders(PAGE_HEADERS));
  }

  static HttpResponse toResponse(ClusterView view) {
    return JsonResponse.ok(view).addHeader(RawHeader.create("Cache-Control", "no-store"));
  }

  static byte[] toJson(ClusterView view) throws JsonProcessingException {
    return JsonResponse.bytes(view);
  }

  private static byte[] resource(String name) {
    try (InputStream in = ClusterPageRoutes.class.getResourceAsStream("/clusterpage/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource /clusterpage/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The id Pekko Management instantiates (public, no-argument constructor). */
  public static final class Id extends AbstractExtensionId<ClusterPageRoutes> implements ExtensionIdProvider {
    @Override
    public Id lookup() {
      return this;
    }

    @Override
    public ClusterPageRoutes createExtension(ExtendedActorSystem system) {
      return new ClusterPageRoutes(ClusterPage.get(Adapter.toTyped(system)));
    }
  }
}
