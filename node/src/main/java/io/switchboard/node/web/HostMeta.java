package io.switchboard.node.web;

import java.net.URI;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * XEP-0156 discovery on the HTTP port: {@code /.well-known/host-meta} (XRD) and
 * {@code /.well-known/host-meta.json} (JRD) list the WebSocket and BOSH endpoints, so a browser
 * client given only the domain finds them. The URLs are built from {@code public-url} when set,
 * else from the request (its Host, and https/wss when it arrived encrypted). Any origin may read
 * them (CORS {@code *}): they are public by design.
 */
public final class HostMeta extends AllDirectives {
  static final String WEBSOCKET_REL = "urn:xmpp:alt-connections:websocket";
  static final String BOSH_REL = "urn:xmpp:alt-connections:xbosh";

  private final WebSettings settings;
  private final boolean listenerTls;

  public HostMeta(WebSettings settings, boolean listenerTls) {
    this.settings = settings;
    this.listenerTls = listenerTls;
  }

  public Route route() {
    return pathPrefix(".well-known", () -> concat(
        path("host-meta", () -> get(() -> extractRequest(req -> complete(xrd(req))))),
        path("host-meta.json", () -> get(() -> extractRequest(req -> complete(jrd(req)))))));
  }

  /** The endpoints' URLs for a request: WebSocket then BOSH, each only if enabled. */
  Endpoints endpoints(HttpRequest req) {
    String base;
    boolean secure;
    if (settings.publicUrl().isPresent()) {
      URI u = settings.publicUrl().get();
      secure = "https".equalsIgnoreCase(u.getScheme());
      base = u.getRawAuthority() + stripSlash(Optional.ofNullable(u.getRawPath()).orElse(""));
    } else {
      secure = Peer.of(req, listenerTls, settings.front()).secure();
      base = req.getHeader("Host").map(HttpHeader::value).orElse("localhost");
    }
    Optional<String> ws = settings.websocketEnabled()
        ? Optional.of((secure ? "wss://" : "ws://") + base + "/xmpp-websocket") : Optional.empty();
    Optional<String> bosh = settings.boshEnabled()
        ? Optional.of((secure ? "https://" : "http://") + base + "/http-bind") : Optional.empty();
    return new Endpoints(ws, bosh);
  }

  record Endpoints(Optional<String> websocket, Optional<String> bosh) {}

  private HttpResponse xrd(HttpRequest req) {
    Endpoints e = endpoints(req);
    StringBuilder sb = new StringBuilder("<?xml version='1.0' encoding='utf-8'?>\n")
        .append("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n");
    e.bosh().ifPresent(u -> sb.append("  <Link rel='").append(BOSH_REL).append("' href='").append(escape(u)).append("'/>\n"));
    e.websocket().ifPresent(u -> sb.append("  <Link rel='").append(WEBSOCKET_REL).append("' href='").append(escape(u)).append("'/>\n"));
    sb.append("</XRD>\n");
    return HttpResponse.create()
        .withEntity(ContentTypes.create(MediaTypes.applicationWithFixedCharset("xrd+xml",
            org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8)), sb.toString())
        .addHeader(RawHeader.create("Access-Control-Allow-Origin", "*"));
  }

  private HttpResponse jrd(HttpRequest req) {
    Endpoints e = endpoints(req);
    StringBuilder sb = new StringBuilder("{\"links\":[");
    e.bosh().ifPresent(u -> sb.append("{\"rel\":\"").append(BOSH_REL).append("\",\"href\":").append(json(u)).append('}'));
    e.websocket().ifPresent(u -> sb.append(e.bosh().isPresent() ? "," : "")
        .append("{\"rel\":\"").append(WEBSOCKET_REL).append("\",\"href\":").append(json(u)).append('}'));
    sb.append("]}\n");
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, sb.toString())
        .addHeader(RawHeader.create("Access-Control-Allow-Origin", "*"));
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
  }

  private static String json(String s) {
    return new com.fasterxml.jackson.databind.node.TextNode(s).toString();
  }
}
