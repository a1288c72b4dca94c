package io.switchboard.protocol.jid;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.junit.jupiter.api.Test;

class JidsSharingTest {
  private final EntityBareJid alice = Jids.bare("alice@example.com");

  @Test
  void sameJidAsParsing_andSharesTheBareJid() {
    EntityFullJid full = Jids.withResource(alice, "phone/1").orElseThrow();
    assertThat((Object) full).isEqualTo(Jids.full("alice@example.com/phone/1"));
    assertThat((Object) full.asEntityBareJid()).isSameAs(alice);
  }

  @Test
  void resourceIsNormalisedLikeAParsedOne() {
    String width = "\uFF21"; // FULLWIDTH LATIN CAPITAL LETTER A: PRECIS width-maps it to "A"
    assertThat(Jids.withResource(alice, width)).isEqualTo(Jids.parse("alice@example.com/" + width)
        .map(j -> j.asEntityFullJidIfPossible()));
  }

  @Test
  void invalidOrEmptyResource_empty() {
    assertThat(Jids.withResource(alice, "")).isEmpty();
    assertThat(Jids.withResource(alice, null)).isEmpty();
    assertThat(Jids.withResource(alice, "a".repeat(1024))).isEmpty();
    assertThat(Jids.parse("alice@example.com/" + "a".repeat(1024))).isEmpty();
  }

  @Test
  void bareSharingDomain_equalToParsed_oneDomainObjectForAll() {
    EntityBareJid a = Jids.bareSharingDomain("ann@shared.example");
    EntityBareJid b = Jids.bareSharingDomain("Bob@Shared.Example");
    assertThat((Object) a).isEqualTo(Jids.bare("ann@shared.example"));
    assertThat((Object) b).isEqualTo(Jids.bare("bob@shared.example"));
    assertThat((Object) a.getDomain()).isSameAs(b.getDomain());
  }
}
