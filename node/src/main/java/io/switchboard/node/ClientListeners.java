package io.switchboard.node;

import io.switchboard.node.admin.WelcomingAccountStore;
import io.switchboard.node.c2s.C2sServer;
import io.switchboard.node.lifecycle.Listener;
import io.switchboard.node.status.NodeStatus;
import io.switchboard.node.stream.C2sSettings;
import io.switchboard.node.stream.FastSettings;
import io.switchboard.node.stream.FastTokens;
import io.switchboard.node.upload.Uploads;
import io.switchboard.node.web.WebServer;
import io.switchboard.persistence.fast.FastTokenStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The client listeners: the c2s ports (plain and direct TLS), then the HTTP port that shares their
 * stream services; their sessions counted for the status page; the c2s drain registered last.
 *
 * @param web the HTTP server, or null when nothing is served over HTTP
 */
record ClientListeners(C2sServer c2s, WebServer web) {

  static ClientListeners start(NodeCore core, NodeTls tls, Routing routing, PubSubParts pubsub,
      FeatureModules features, Uploads uploads) {
    C2sServer c2s = C2sServer.start(
        new C2sServer.Dependencies(
            core.domain(), core.c2sSettings(), tls.tls(), tls.settings().required(),
            // XEP-0133 set-welcome: accounts registered in-band get the welcome message.
            new WelcomingAccountStore(core.persistence().accounts(), features.adminOps()),
            features.registration(), features.serverIq(), routing.router(), core.system(), core.clock(),
            core.metrics().streams(),
            new FastTokens(
                FastTokenStore.cassandra(core.persistence().session(), core.persistence().settings()),
                FastSettings.fromConfig(core.config()), core.clock())),
        core.settings().bind(), core.settings().ports().c2s(), core.settings().ports().c2sTls());
    WebServer web = WebListener.start(core, tls, c2s.services(), routing, pubsub, features, uploads);
    NodeStatus.get(core.system()).registerSessions(
        () -> c2s.connectionCount() + (web == null ? 0 : web.streamCount()));
    core.lifecycle().listener("c2s", drain(c2s, core.c2sSettings()));
    return new ClientListeners(c2s, web);
  }

  private static Listener drain(C2sServer c2s, C2sSettings c2sSettings) {
    Duration drainWindow = c2sSettings.drainWindow();
    return new Listener() {
      @Override
      public CompletionStage<?> stopAccepting() {
        c2s.stopAccepting();
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<?> closeStreams() {
        return c2s.closeAllStreams(drainWindow);
      }

      // Closed streams' actors may still be handing on what their clients sent (at most linger).
      @Override
      public CompletionStage<?> release() {
        return c2s.awaitConnectionActors(c2sSettings.linger()).thenRun(c2s::close);
      }
    };
  }
}
