package io.switchboard.node;

import io.switchboard.node.register.RegistrationSettings;
import io.switchboard.node.server.ServerIq;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.admin.AdminOperations;
import io.switchboard.sharding.extdisco.ExternalServices;
import io.switchboard.sharding.extdisco.ExternalServicesSettings;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.remotepresence.RemotePresence;
import io.switchboard.sharding.remotepresence.RemotePresenceSettings;
import io.switchboard.sharding.router.Services;
import java.util.ArrayList;
import java.util.List;

/**
 * Every XEP the server runs: the standard modules and the client stream's own features, the
 * message path of issue #18 (each only when enabled), administration, and the presence of lost
 * remote domains; the server's own IQ handler and the pub-sub service join the registry.
 *
 * @param presenceLoss issue #20: unavailable presence for the contacts of a lost remote domain
 */
record FeatureModules(
    RegistrationSettings registration,
    MobileModules mobile,
    AdminOperations adminOps,
    RemotePresenceSettings presenceLoss,
    RemotePresence remotePresence,
    Modules modules,
    ServerIq serverIq) {

  static FeatureModules start(NodeCore core, Routing routing, PubSubParts pubsub) {
    RegistrationSettings registration = RegistrationSettings.fromConfig(core.config(), core.settings().registration());
    // Issue #18's message path (archives, carbons, push), each only when enabled.
    MobileModules mobile = MobileModules.of(core.systemConfig(), core.persistence(), core.metrics()::archive);
    List<Module> extra = new ArrayList<>(List.of(new ClientStreamModule(),
        new ExternalServices(
            ExternalServicesSettings.fromConfig(core.config()), core.domain().toString(), core.clock())));
    extra.addAll(mobile.modules());
    AdminParts admin = AdminParts.start(core, routing.router());
    extra.addAll(admin.modules());
    RemotePresenceSettings presenceLoss = RemotePresenceSettings.fromConfig(core.systemConfig());
    RemotePresence remotePresence = RemotePresence.start(core.system(), presenceLoss);
    extra.add(remotePresence);
    Modules modules = StandardModules.of(
        new StandardModules.Settings(pubsub.pubsub(), core.clock(), SwitchboardNode.version(), pubsub.quotas()),
        extra);
    Services services = routing.services();
    ServerIq serverIq = new ServerIq(modules, services);
    services.registerServer(serverIq);
    services.register(
        new Services.Service(Jids.domain("pubsub." + core.domain()), "Publish-Subscribe", pubsub.pubsub()));
    return new FeatureModules(
        registration, mobile, admin.operations(), presenceLoss, remotePresence, modules, serverIq);
  }
}
