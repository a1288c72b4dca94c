package io.switchboard.sharding.remotepresence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sharding.blocking.BlockList;
import io.switchboard.sharding.privatedata.PrivateXml;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.roster.RosterState;
import io.switchboard.sharding.roster.Subscription;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** Which remembered contacts an account probes when their domain comes back (RFC 6121 §4.3). */
class RemotePresenceProbeTest {

  private static Account account(Set<String> blocked, Object... jidAndSubscription) throws Exception {
    Map<String, RosterItem> items = new java.util.HashMap<>();
    for (int i = 0; i < jidAndSubscription.length; i += 2) {
      String jid = (String) jidAndSubscription[i];
      items.put(jid, new RosterItem(JidCreate.bareFrom(jid), null, List.of(), (Subscription) jidAndSubscription[i + 1],
          false));
    }
    return new Account(new RosterState(items, 1, Map.of()), new BlockList(blocked), null, PrivateXml.EMPTY, null,
        OnlineRecord.EMPTY);
  }

  @Test
  void probes_onlyContactsTheAccountIsSubscribedTo() throws Exception {
    Account a = account(Set.of(), "to@peer.test", Subscription.TO, "both@peer.test", Subscription.BOTH,
        "from@peer.test", Subscription.FROM, "none@peer.test", Subscription.NONE);
    assertThat(RemotePresence.probes(a, "to@peer.test")).isTrue();
    assertThat(RemotePresence.probes(a, "both@peer.test")).isTrue();
    assertThat(RemotePresence.probes(a, "from@peer.test")).isFalse();
    assertThat(RemotePresence.probes(a, "none@peer.test")).isFalse();
    assertThat(RemotePresence.probes(a, "stranger@peer.test")).as("not in the roster").isFalse();
  }

  @Test
  void probes_notABlockedContact() throws Exception {
    Account a = account(Set.of("both@peer.test"), "both@peer.test", Subscription.BOTH);
    assertThat(RemotePresence.probes(a, "both@peer.test")).isFalse();
  }
}
