package io.switchboard.node.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.NodeSettings;
import io.switchboard.node.register.Invitations;
import io.switchboard.node.secrets.ScramDecoys;
import io.switchboard.protocol.jid.Jids;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * {@code invite JID [--valid DURATION]}: an invitation to register exactly that account in-band
 * (XEP-0401 URI, redeemed with XEP-0445), signed with the cluster's decoy secret, so no node and
 * no Cassandra is needed to make one. Prints the URI to hand to the invitee.
 */
final class InviteCommand {
  static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
  private static final Duration MAX_VALIDITY = Duration.ofDays(365);

  private final Config config;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  InviteCommand(Config config, PrintStream out, PrintStream err, Clock clock) {
    this.config = config;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  int run(List<String> args) {
    if (args.size() != 1 && !(args.size() == 3 && args.get(1).equals("--valid"))) {
      err.println("usage: switchboard invite JID [--valid DURATION]   (e.g. 48h, 7d; default 7d)");
      return AccountCommand.USAGE;
    }
    NodeSettings settings = NodeSettings.fromConfig(config);
    Optional<Jid> parsed = Jids.parse(args.get(0));
    EntityBareJid account = parsed.map(Jid::asEntityBareJidIfPossible).orElse(null);
    if (account == null || parsed.get().hasResource() || !account.asDomainBareJid().equals(settings.domain())) {
      err.println("switchboard: '" + args.get(0) + "' is not an account JID like user@" + settings.domain());
      return AccountCommand.USAGE;
    }
    Duration validity = DEFAULT_VALIDITY;
    if (args.size() == 3) {
      try {
        validity = ConfigFactory.parseString("v = \"" + args.get(2).replace("\"", "") + "\"").getDuration("v");
      } catch (ConfigException e) {
        err.println("switchboard: '" + args.get(2) + "' is not a duration (e.g. 48h, 7d)");
        return AccountCommand.USAGE;
      }
      if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
        err.println("switchboard: --valid must be positive and at most 365d");
        return AccountCommand.USAGE;
      }
    }
    Invitations invitations = new Invitations(ScramDecoys.fromConfig(config).secret(), settings.domain(), clock);
    out.println(Invitations.uri(account, invitations.issue(account, validity)));
    err.println("valid until " + clock.instant().plus(validity) + "; accepted while switchboard.registration is "
        + "invite or open (now " + settings.registration().name().toLowerCase(java.util.Locale.ROOT) + ")");
    return AccountCommand.OK;
  }
}
