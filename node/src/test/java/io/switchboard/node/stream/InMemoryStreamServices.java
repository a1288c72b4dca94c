package io.switchboard.node.stream;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.kdf.KeyDerivation;
import io.switchboard.node.register.InBandRegistration;
import io.switchboard.node.register.Invitations;
import io.switchboard.node.register.RegistrationPolicy;
import io.switchboard.node.register.RegistrationSettings;
import io.switchboard.node.server.ServerIq;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.sasl.SaslMechanisms;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.router.Services;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The services of a client stream at {@code example.com} for tests of the stream alone: accounts
 * in memory, registration closed, the cluster played by a {@link FakeGateway}, the reference
 * configuration's limits.
 */
final class InMemoryStreamServices {
  private InMemoryStreamServices() {}

  static StreamServices of(ActorSystem<?> system, InMemoryAccounts accounts, FakeGateway gateway,
      boolean tlsRequired, KeyDerivation kdf, FastTokens fast) {
    C2sSettings settings = C2sSettings.fromConfig(ConfigFactory.load());
    Services registry = Services.of(Jids.domain("example.com"), (s, r) -> { }, List.of());
    return new StreamServices(Jids.domain("example.com"), settings, tlsRequired,
        SaslMechanisms.defaults("example.com"), accounts,
        new InBandRegistration(accounts, Jids.domain("example.com"),
            new RegistrationPolicy(RegistrationSettings.closed(), Clock.systemUTC()),
            new Invitations(new byte[32], Jids.domain("example.com"), Clock.systemUTC()), kdf, u -> { }),
        new ServerIq(StandardModules.of(PepHandler.none(), Clock.systemUTC()), registry),
        gateway, system, new ParkedSessions(),
        new AuthThrottle(settings.authThrottle(), Clock.systemUTC()),
        kdf, Clock.systemUTC(), new LiveActors(), List.of(), StreamMetrics.NONE, fast);
  }
}
