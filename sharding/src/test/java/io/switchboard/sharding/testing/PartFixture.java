package io.switchboard.sharding.testing;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.roster.RosterState;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.UserSession;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;

/** What the tests of one session part share: Juliet's context, and accounts to start from. */
public final class PartFixture {
  public static final String JULIET = "juliet@example.com";
  public static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final ActorTestKit KIT = ActorTestKit.create("PartFixture");

  private PartFixture() {}

  /** A fresh context for Juliet, with no PEP service. */
  public static TestSessionContext juliet() {
    return juliet(PepHandler.none());
  }

  public static TestSessionContext juliet(PepHandler pep) {
    return new TestSessionContext(JULIET, NOW, KIT.<UserSession.Command>createTestProbe().ref(),
        KIT.<ConnectionMessage>createTestProbe().ref(), pep);
  }

  /** A fresh context for Juliet with {@code modules} registered. */
  public static TestSessionContext juliet(io.switchboard.sharding.module.Modules modules) {
    return new TestSessionContext(JULIET, NOW, KIT.<UserSession.Command>createTestProbe().ref(),
        KIT.<ConnectionMessage>createTestProbe().ref(), PepHandler.none(), modules);
  }

  /** A test probe standing for a connection, to see what it is told. */
  public static org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<ConnectionMessage> probe() {
    return KIT.createTestProbe();
  }

  /** A connection ref for binding a resource. */
  public static ActorRef<ConnectionMessage> connection() {
    return KIT.<ConnectionMessage>createTestProbe().ref();
  }

  /** Juliet's account with these contacts ({@code jid}, subscription pairs). */
  public static Account withContacts(Object... jidAndSubscription) {
    Map<String, RosterItem> items = new LinkedHashMap<>();
    for (int i = 0; i < jidAndSubscription.length; i += 2) {
      String jid = (String) jidAndSubscription[i];
      items.put(jid, new RosterItem(Jids.bare(jid), null, java.util.List.of(), (Subscription) jidAndSubscription[i + 1], false));
    }
    return new Account(new RosterState(items, items.size(), Map.of()), null, null, null, null, null);
  }
}
