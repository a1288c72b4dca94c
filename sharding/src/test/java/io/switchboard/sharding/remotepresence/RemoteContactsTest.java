package io.switchboard.sharding.remotepresence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an account remembers of remote contacts' available presence. */
class RemoteContactsTest {

  @Test
  void available_firstOfADomain_reportsTheDomainOnce() {
    RemoteContacts c = new RemoteContacts(10);
    assertThat(c.available("pat@peer.test/a", "peer.test", Set.of("desk"))).containsExactly("peer.test");
    assertThat(c.available("sam@peer.test/b", "peer.test", Set.of("desk"))).isEmpty();
    assertThat(c.available("pat@peer.test/a", "peer.test", Set.of("phone"))).isEmpty();
  }

  @Test
  void lost_returnsEveryFullJidWithTheResourcesThatSawIt() {
    RemoteContacts c = new RemoteContacts(10);
    c.available("pat@peer.test/a", "peer.test", Set.of("desk"));
    c.available("pat@peer.test/a", "peer.test", Set.of("phone"));
    c.available("eve@other.test/x", "other.test", Set.of("desk"));
    var lost = c.lost("peer.test");
    assertThat(lost).containsExactly(new RemoteContacts.Seen("pat@peer.test/a", Set.of("desk", "phone")));
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.lost("peer.test")).isEmpty();
  }

  @Test
  void unavailable_fullJid_forgetsIt_andReportsTheLastOfTheDomain() {
    RemoteContacts c = new RemoteContacts(10);
    c.available("pat@peer.test/a", "peer.test", Set.of("desk"));
    c.available("pat@peer.test/b", "peer.test", Set.of("desk"));
    assertThat(c.unavailable("pat@peer.test/a")).isEmpty();
    assertThat(c.unavailable("pat@peer.test/b")).containsExactly("peer.test");
    assertThat(c.lost("peer.test")).isEmpty();
  }

  @Test
  void unavailable_bareJid_forgetsAllItsResources() {
    RemoteContacts c = new RemoteContacts(10);
    c.available("pat@peer.test/a", "peer.test", Set.of("desk"));
    c.available("pat@peer.test/b", "peer.test", Set.of("desk"));
    c.available("patrick@peer.test/c", "peer.test", Set.of("desk"));
    assertThat(c.unavailable("pat@peer.test")).isEmpty();
    assertThat(c.lost("peer.test")).extracting(RemoteContacts.Seen::full).containsExactly("patrick@peer.test/c");
  }

  @Test
  void trim_beyondTheLimit_forgetsTheOldest() {
    RemoteContacts c = new RemoteContacts(2);
    c.available("a@one.test/r", "one.test", Set.of("desk"));
    c.available("b@two.test/r", "two.test", Set.of("desk"));
    c.available("c@two.test/r", "two.test", Set.of("desk"));
    assertThat(c.trim()).containsExactly("one.test");
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.lost("one.test")).isEmpty();
  }

  @Test
  void domainOf_jidForms() {
    assertThat(RemoteContacts.domainOf("a@b.test/c/d")).isEqualTo("b.test");
    assertThat(RemoteContacts.domainOf("b.test/c@d")).isEqualTo("b.test");
    assertThat(RemoteContacts.domainOf("a@b.test")).isEqualTo("b.test");
  }

  @Test
  void returned_afterLoss_theBareJidsSeenThere_eachOnce() {
    RemoteContacts c = new RemoteContacts(10);
    c.available("pat@peer.test/a", "peer.test", Set.of("desk"));
    c.available("pat@peer.test/b", "peer.test", Set.of("phone"));
    c.available("sam@peer.test/x", "peer.test", Set.of("desk"));
    c.available("eve@other.test/x", "other.test", Set.of("desk"));
    c.lost("peer.test");
    assertThat(c.watches("peer.test")).as("awaits contacts back from the lost domain").isTrue();
    assertThat(c.returned("other.test")).isEmpty();
    assertThat(c.returned("peer.test")).containsExactly("pat@peer.test", "sam@peer.test");
    assertThat(c.returned("peer.test")).as("once only").isEmpty();
    assertThat(c.watches("peer.test")).isFalse();
    assertThat(c.watches("other.test")).isTrue();
  }

  @Test
  void available_beforeTheReturn_noLongerAwaited() {
    RemoteContacts c = new RemoteContacts(10);
    c.available("pat@peer.test/a", "peer.test", Set.of("desk"));
    c.available("sam@peer.test/x", "peer.test", Set.of("desk"));
    c.lost("peer.test");
    c.available("pat@peer.test/new", "peer.test", Set.of("desk"));
    assertThat(c.returned("peer.test")).containsExactly("sam@peer.test");
  }

  @Test
  void unavailable_lastContactOfADomainStillAwaited_domainStillWatched() {
    RemoteContacts c = new RemoteContacts(10);
    c.available("pat@peer.test/a", "peer.test", Set.of("desk"));
    c.available("sam@peer.test/x", "peer.test", Set.of("desk"));
    c.lost("peer.test");
    c.available("pat@peer.test/new", "peer.test", Set.of("desk"));
    assertThat(c.unavailable("pat@peer.test/new")).as("sam is still awaited back").isEmpty();
    assertThat(c.watches("peer.test")).isTrue();
  }

  @Test
  void lost_awaitedBareJids_boundedByTheLimit() {
    RemoteContacts c = new RemoteContacts(2);
    c.available("a@peer.test/r", "peer.test", Set.of("desk"));
    c.available("b@peer.test/r", "peer.test", Set.of("desk"));
    c.lost("peer.test");
    c.available("c@other.test/r", "other.test", Set.of("desk"));
    c.lost("other.test");
    assertThat(c.returned("other.test")).as("no room left").isEmpty();
    assertThat(c.watches("other.test")).isFalse();
    assertThat(c.returned("peer.test")).containsExactly("a@peer.test", "b@peer.test");
  }
}
