package io.switchboard.node.admin;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.motd.MotdStore;
import io.switchboard.sharding.admin.WelcomeTexts;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.DomainBareJid;

/**
 * The node's XEP-0133 welcome message: stored in the message-of-the-day table ({@link MotdStore},
 * schema V12) under the row {@code welcome:<domain>}, which no domain can be (a domain has no
 * {@code :}), so no schema change was needed. Read from Cassandra each time an account is created
 * (at LOCAL_QUORUM: a text set on one node is what the next registration on any node reads); no
 * cache, since registrations are rare next to logins.
 */
public final class WelcomeWiring {
  static final String ROW_PREFIX = "welcome:";

  private WelcomeWiring() {}

  public static WelcomeTexts start(Persistence persistence, Clock clock) {
    return on(MotdStore.cassandra(persistence.session(), persistence.settings()), clock);
  }

  /** {@link WelcomeTexts} on {@code store}. */
  static WelcomeTexts on(MotdStore store, Clock clock) {
    return new Stored(store, clock);
  }

  private record Stored(MotdStore store, Clock clock) implements WelcomeTexts {
    @Override
    public CompletionStage<Optional<String>> current(DomainBareJid domain) {
      return store.get(ROW_PREFIX + domain);
    }

    @Override
    public CompletionStage<Void> set(DomainBareJid domain, String text) {
      return store.put(ROW_PREFIX + domain, text, clock.instant());
    }

    @Override
    public CompletionStage<Void> delete(DomainBareJid domain) {
      return store.delete(ROW_PREFIX + domain);
    }
  }
}
