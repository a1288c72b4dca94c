package io.switchboard.node.stream;

import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.node.register.InBandRegistration;
import io.switchboard.node.server.ServerIq;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.sasl.SaslMechanisms;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jxmpp.jid.DomainBareJid;

/**
 * What every client stream of a node shares, whatever its transport: settings, SASL, the account
 * store, registration, the router into the cluster, and node-wide registries. Built once per node.
 *
 * @param kdf where password derivation (PBKDF2 for SASL PLAIN) runs, off the streams' threads
 */
public record StreamServices(
    DomainBareJid domain,
    C2sSettings settings,
    boolean tlsRequired,
    SaslMechanisms sasl,
    AccountStore accounts,
    InBandRegistration registration,
    ServerIq serverIq,
    SessionGateway gateway,
    ActorSystem<?> system,
    ParkedSessions parked,
    AuthThrottle authThrottle,
    KeyDerivation kdf,
    Clock clock,
    LiveActors liveActors) {}
