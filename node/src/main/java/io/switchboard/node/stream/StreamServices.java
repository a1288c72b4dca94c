package io.switchboard.node.c2s;

import io.switchboard.node.register.InBandRegistration;
import io.switchboard.node.server.ServerIq;
import io.switchboard.node.tls.ServerTls;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.sasl.SaslMechanisms;
import io.switchboard.sharding.router.Router;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jxmpp.jid.DomainBareJid;

/**
 * What every client connection of a node shares: settings, TLS, SASL, the account store, the
 * router into the cluster, and node-wide registries. Built once by {@code C2sServer}.
 *
 * @param cpu where CPU-heavy work (PBKDF2 for SASL PLAIN) runs, off the event loops
 */
record C2sServices(
    DomainBareJid domain,
    C2sSettings settings,
    ServerTls tls,
    boolean tlsRequired,
    SaslMechanisms sasl,
    AccountStore accounts,
    InBandRegistration registration,
    ServerIq serverIq,
    Router router,
    ActorSystem<?> system,
    ParkedSessions parked,
    AuthThrottle authThrottle,
    Executor cpu,
    Clock clock,
    LiveActors liveActors) {}
