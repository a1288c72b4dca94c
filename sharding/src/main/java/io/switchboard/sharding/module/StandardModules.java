package io.switchboard.sharding.module;

import io.switchboard.sharding.blocking.BlockingIq;
import io.switchboard.sharding.avatar.AvatarConversion;
import io.switchboard.sharding.bookmarks.BookmarkConversion;
import io.switchboard.sharding.disco.AccountDisco;
import io.switchboard.sharding.lastactivity.LastActivity;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.pep.PepIq;
import io.switchboard.sharding.ping.Ping;
import io.switchboard.sharding.privatedata.PrivateXmlIq;
import io.switchboard.sharding.quota.AccountQuotas;
import io.switchboard.sharding.roster.RosterIq;
import io.switchboard.sharding.time.EntityTime;
import io.switchboard.sharding.vcard.VcardIq;
import io.switchboard.sharding.version.SoftwareVersion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place every module of the server is registered, in order. A new XEP is a package with a
 * {@link Module} and one line below. (Order matters where handlers share a namespace: PEP before
 * account disco, which answers what PEP leaves; and for delivery stages of the same phase.)
 */
public final class StandardModules {
  private StandardModules() {}

  /** What the modules need from the node. */
  public record Settings(PepHandler pep, Clock clock, String version, AccountQuotas quotas) {

    /** With the default quotas ({@link AccountQuotas#DEFAULTS}). */
    public Settings(PepHandler pep, Clock clock, String version) {
      this(pep, clock, version, AccountQuotas.DEFAULTS);
    }
  }

  /** Every standard module, then {@code extra} (the node's own, such as stream features). */
  public static Modules of(Settings s, List<? extends Module> extra) {
    List<Module> all = new ArrayList<>(List.of(
        new RosterIq(s.quotas()),
        new BlockingIq(s.quotas()),
        new AvatarConversion(s.pep()), // before vCard and PEP: it takes vCard sets and avatar metadata publishes
        new VcardIq(),
        new BookmarkConversion(s.pep()), // before private XML and PEP: it takes the bookmark requests
        new PrivateXmlIq(s.quotas()),
        new PepIq(s.pep()),
        new AccountDisco(),
        new SoftwareVersion(s.version()),
        new Ping(),
        new EntityTime(s.clock()),
        new LastActivity(s.clock())));
    all.addAll(extra);
    return Modules.of(all);
  }

  /** The standard modules with a test version string and no extras. */
  public static Modules of(PepHandler pep, Clock clock) {
    return of(new Settings(pep, clock, "0.1.0-SNAPSHOT"), List.of());
  }
}
