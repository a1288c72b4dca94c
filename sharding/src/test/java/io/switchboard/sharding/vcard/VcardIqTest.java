package io.switchboard.sharding.vcard;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler.Origin;
import io.switchboard.sharding.session.AccountIqHandler.Request;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import org.junit.jupiter.api.Test;

class VcardIqTest {
  private static final XmlElement VCARD = XmlElement.builder("vCard", "vcard-temp").textChild("FN", "Juliet").build();
  private final VcardIq vcard = new VcardIq();
  private final TestSessionContext ctx = PartFixture.juliet();

  @Test
  void ownerSets_thenAnyoneReadsIt() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    var set = vcard.handle(ctx, Account.EMPTY,
        new Request(iq(JULIET + "/balcony", null, "set", "v1", VCARD), VCARD, Origin.OWN_NO_TO, "balcony"));
    Account after = set.applyTo(Account.EMPTY);

    XmlElement get = XmlElement.of("vCard", "vcard-temp");
    vcard.handle(ctx, after, new Request(iq("romeo@example.com/orchard", JULIET, "get", "v2", get), get, Origin.OTHER, null));

    assertThat(set.events()).containsExactly(new VcardStored(VCARD));
    XmlElement answer = ctx.routing.next();
    assertThat(answer.attr("to")).isEqualTo("romeo@example.com/orchard");
    assertThat(answer.child("vCard", "vcard-temp").orElseThrow().childText("FN", "vcard-temp")).contains("Juliet");
  }

  @Test
  void strangerSets_forbidden() {
    var out = vcard.handle(ctx, Account.EMPTY,
        new Request(iq("iago@example.com/x", JULIET, "set", "v1", VCARD), VCARD, Origin.OTHER, null));
    assertThat(out.events()).isEmpty();
    assertThat(errorCondition(ctx.routing.next())).isEqualTo("forbidden");
  }

  @Test
  void get_noneStored_emptyVcard() {
    XmlElement get = XmlElement.of("vCard", "vcard-temp");
    vcard.handle(ctx, Account.EMPTY, new Request(iq("romeo@example.com/o", JULIET, "get", "v3", get), get, Origin.OTHER, null));
    assertThat(ctx.routing.next().child("vCard", "vcard-temp").orElseThrow().elements()).isEmpty();
  }
}
