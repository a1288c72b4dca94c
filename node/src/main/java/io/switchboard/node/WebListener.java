package io.switchboard.node;

import io.switchboard.node.api.ApiRoutes;
import io.switchboard.node.api.ApiServer;
import io.switchboard.node.api.ApiSettings;
import io.switchboard.node.api.IqApiPubSub;
import io.switchboard.node.lifecycle.Listener;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.upload.Uploads;
import io.switchboard.node.web.WebServer;
import io.switchboard.node.web.WebSettings;
import io.switchboard.persistence.token.TokenStore;
import io.switchboard.protocol.jid.Jids;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.Route;
import org.jxmpp.jid.DomainBareJid;

/**
 * The HTTP port: WebSocket, BOSH, XEP-0156 discovery, the push and admin API (issue #19) and
 * XEP-0363's PUT and GET (issue #18), after the client listeners whose stream services it shares.
 */
final class WebListener {
  private WebListener() {}

  /** The started HTTP server, drained with the node; null when nothing is served over HTTP. */
  static WebServer start(NodeCore core, NodeTls tls, StreamServices streams, Routing routing,
      PubSubParts pubsub, FeatureModules features, Uploads uploads) {
    ApiSettings apiSettings = ApiSettings.fromConfig(core.config(), core.domain());
    WebSettings webSettings = WebSettings.fromConfig(core.config());
    if (!(apiSettings.enabled() || webSettings.anyEnabled() || uploads != null)) {
      return null;
    }
    DomainBareJid pubsubJid = Jids.domain("pubsub." + core.domain());
    Optional<ApiRoutes> api = apiSettings.enabled()
        ? Optional.of(ApiServer.routes(new ApiServer.Dependencies(apiSettings,
            TokenStore.cassandra(core.persistence().session(), core.persistence().settings(), core.clock()),
            new IqApiPubSub(core.domain(), pubsubJid, pubsub.pubsub()::ask), routing.router(), core.system(),
            core.clock(), pubsub.feeds(), features.adminOps())))
        : Optional.empty();
    // XEP-0363's PUT and GET (issue #18) on the same port.
    List<Route> others = uploads == null ? List.of() : List.of(uploads.route());
    WebServer http = WebServer.start(webSettings, api, others, streams, tls.tls(), core.system(),
        core.settings().bind(), core.settings().ports().http());
    core.lifecycle().listener("http", new Listener() {
      @Override
      public CompletionStage<?> stopAccepting() {
        return http.unbind();
      }

      @Override
      public CompletionStage<?> closeStreams() {
        return http.closeStreams(core.c2sSettings().drainWindow());
      }

      @Override
      public CompletionStage<?> release() {
        http.close();
        return CompletableFuture.completedFuture(null);
      }
    });
    return http;
  }
}
