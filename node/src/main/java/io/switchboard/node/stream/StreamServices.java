package io.switchboard.node.stream;

import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.node.register.InBandRegistration;
import io.switchboard.node.server.ServerIq;
import io.switchboard.persistence.account.AccountStore;
import io.switchboard.protocol.sasl.SaslMechanisms;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.jxmpp.jid.DomainBareJid;

/**
 * What every client stream of a node shares, whatever its transport: settings, SASL, the account
 * store, registration, the router into the cluster, and node-wide registries. Built once per node.
 *
 * @param kdf where password derivation (PBKDF2 for SASL PLAIN) runs, off the streams' threads
 * @param extensions what streams offer once bound beyond the core (XEP-0352 client state indication)
 * @param metrics what the streams count for operators ({@link StreamMetrics#NONE} when metrics are off)
 * @param fast XEP-0484 tokens ({@link FastTokens#DISABLED} when not offered)
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
    LiveActors liveActors,
    List<StreamExtension> extensions,
    StreamMetrics metrics,
    FastTokens fast) {

  public StreamServices {
    extensions = List.copyOf(extensions);
  }

  /** Services without XEP-0484 tokens. */
  public StreamServices(DomainBareJid domain, C2sSettings settings, boolean tlsRequired, SaslMechanisms sasl,
      AccountStore accounts, InBandRegistration registration, ServerIq serverIq, SessionGateway gateway,
      ActorSystem<?> system, ParkedSessions parked, AuthThrottle authThrottle, KeyDerivation kdf, Clock clock,
      LiveActors liveActors, List<StreamExtension> extensions, StreamMetrics metrics) {
    this(domain, settings, tlsRequired, sasl, accounts, registration, serverIq, gateway, system, parked, authThrottle,
        kdf, clock, liveActors, extensions, metrics, FastTokens.DISABLED);
  }

  /** Services that count nothing. */
  public StreamServices(DomainBareJid domain, C2sSettings settings, boolean tlsRequired, SaslMechanisms sasl,
      AccountStore accounts, InBandRegistration registration, ServerIq serverIq, SessionGateway gateway,
      ActorSystem<?> system, ParkedSessions parked, AuthThrottle authThrottle, KeyDerivation kdf, Clock clock,
      LiveActors liveActors, List<StreamExtension> extensions) {
    this(domain, settings, tlsRequired, sasl, accounts, registration, serverIq, gateway, system, parked, authThrottle,
        kdf, clock, liveActors, extensions, StreamMetrics.NONE);
  }

  /** Services with no stream extensions. */
  public StreamServices(DomainBareJid domain, C2sSettings settings, boolean tlsRequired, SaslMechanisms sasl,
      AccountStore accounts, InBandRegistration registration, ServerIq serverIq, SessionGateway gateway,
      ActorSystem<?> system, ParkedSessions parked, AuthThrottle authThrottle, KeyDerivation kdf, Clock clock,
      LiveActors liveActors) {
    this(domain, settings, tlsRequired, sasl, accounts, registration, serverIq, gateway, system, parked, authThrottle,
        kdf, clock, liveActors, List.of(), StreamMetrics.NONE);
  }
}
