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
}
