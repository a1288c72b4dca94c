package io.switchboard.node;

import io.switchboard.node.muc.Muc;
import io.switchboard.node.proxy65.Proxy65;
import io.switchboard.node.proxy65.Proxy65Settings;
import io.switchboard.node.s2s.S2sSettings;
import io.switchboard.node.status.NodeStatus;
import io.switchboard.node.upload.UploadSettings;
import io.switchboard.node.upload.Uploads;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.muc.MucService;
import io.switchboard.sharding.muc.MucSettings;
import io.switchboard.sharding.router.Services;
import io.switchboard.sharding.s2s.RemoteRoutes;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.jxmpp.jid.DomainBareJid;

/**
 * The services at sub-domains (multi-user chat, the SOCKS5 proxy, HTTP upload), then the routes
 * to other domains; the registry is frozen here, before any listener accepts.
 *
 * @param muc the multi-user chat service, or null when it is off
 * @param proxy65 the XEP-0065 proxy (not yet bound), or null when it is off
 * @param uploads XEP-0363 upload, or null when it is off
 * @param hostedDomains the domain and every service's, in registration order (federation)
 */
record HostedServices(MucSettings mucSettings, MucService muc, Proxy65 proxy65, Uploads uploads,
    S2sSettings s2sSettings, Set<DomainBareJid> hostedDomains) {

  static HostedServices start(NodeCore core, Routing routing, FeatureModules features, PubSubParts pubsub) {
    Services services = routing.services();
    // XEP-0045 multi-user chat at <subdomain>.<domain> (issue #17).
    MucSettings mucSettings = MucSettings.fromConfig(core.systemConfig());
    MucService muc = mucSettings.enabled() ? muc(core, routing, mucSettings, features, pubsub) : null;
    Proxy65Settings proxy65Settings = Proxy65Settings.fromConfig(core.config(), core.settings().bind());
    Proxy65 proxy65 = proxy65Settings.enabled() ? Proxy65.create(core.domain(), proxy65Settings) : null;
    if (proxy65 != null) {
      services.register(proxy65.service());
    }
    // XEP-0363 at upload.<domain> (before federation, which counts it among the hosted domains);
    // its PUT/GET routes join the HTTP port.
    Uploads uploads = uploads(core, services);
    // Federation (issue #20): stanzas for other domains go to the RemoteDomain entity of their
    // (local, remote) pair, which owns the outgoing stream (sharding/.../s2s).
    S2sSettings s2sSettings = S2sSettings.fromConfig(core.config());
    Set<DomainBareJid> hostedDomains = new LinkedHashSet<>();
    hostedDomains.add(core.domain());
    services.all().forEach(s -> hostedDomains.add(s.jid()));
    if (s2sSettings.enabled()) {
      services.registerRemote(new RemoteRoutes(ClusterSharding.get(core.system()), hostedDomains,
          remote -> s2sSettings.allowed(remote.toString())));
    }
    services.freeze();
    return new HostedServices(mucSettings, muc, proxy65, uploads, s2sSettings, hostedDomains);
  }

  private static MucService muc(
      NodeCore core, Routing routing, MucSettings mucSettings, FeatureModules features, PubSubParts pubsub) {
    MucService muc = Muc.start(core.system(), mucSettings, core.domain(), core.persistence(),
        features.mobile().archive(), features.mobile().mam(), routing.router(),
        core.clock(), pubsub.sharding().numberOfShards(), core.metrics().rooms(),
        core.metrics().lifecycle("muc-room"));
    routing.services().register(new Services.Service(Jids.domain(muc.jid()), mucSettings.name(), muc));
    NodeStatus.get(core.system()).registerMuc(muc);
    return muc;
  }

  private static Uploads uploads(NodeCore core, Services services) {
    UploadSettings uploadSettings = UploadSettings.fromConfig(
        core.config(), core.domain(), core.settings().bind(), core.settings().ports().http());
    Uploads uploads = uploadSettings.enabled()
        ? Uploads.start(uploadSettings, core.domain(), core.persistence().session(), core.persistence().settings(),
            core.clock(), core.system())
        : null;
    if (uploads != null) {
      services.register(uploads.service());
      core.lifecycle().task(CoordinatedShutdown.PhaseServiceStop(), "upload-release", () -> {
        uploads.close();
        return CompletableFuture.completedFuture(null);
      });
    }
    return uploads;
  }
}
