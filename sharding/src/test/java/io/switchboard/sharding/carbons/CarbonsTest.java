package io.switchboard.sharding.carbons;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.iq;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.forward.Forwarded;
import io.switchboard.protocol.sid.StanzaIds;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.mam.MamSettings;
import io.switchboard.sharding.mam.MessageArchiving;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.testing.FakeMessageArchive;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CarbonsTest {
  private static final String ROMEO = "romeo@example.net/orchard";
  private final TestSessionContext ctx = PartFixture.juliet(Modules.of(
      new MessageArchiving(new FakeMessageArchive(), MamSettings.defaults()), new Carbons()));
  private final TestProbe<ConnectionMessage> balcony = PartFixture.probe();
  private final TestProbe<ConnectionMessage> chamber = PartFixture.probe();
  private final TestProbe<ConnectionMessage> garden = PartFixture.probe();

  @BeforeEach
  void threeResources() {
    ctx.bind("balcony", balcony.ref(), available(JULIET + "/balcony", 1), 1);
    ctx.bind("chamber", chamber.ref(), available(JULIET + "/chamber", 0), 0);
    ctx.bind("garden", garden.ref(), available(JULIET + "/garden", 0), 0);
    enable("chamber");
    enable("garden");
    ctx.delivered.clear(); // the IQ results
  }

  private void enable(String resource) {
    XmlElement payload = XmlElement.of("enable", Namespaces.CARBONS);
    XmlElement request = iq(JULIET + "/" + resource, null, "set", "c1", payload);
    AccountIqHandler.Request r = new AccountIqHandler.Request(request, payload, AccountIqHandler.Origin.OWN_NO_TO,
        resource);
    ctx.modules().accountHandler(r).orElseThrow().handle(ctx, Account.EMPTY, r);
    assertThat(ctx.resources().get(resource).has(Carbons.FLAG)).isTrue();
    assertThat(ctx.resources().get(resource).record().flags()).contains(Carbons.FLAG);
  }

  private static XmlElement copyOf(TestProbe<ConnectionMessage> probe) {
    ConnectionMessage m = probe.receiveMessage();
    assertThat(m).isInstanceOf(ConnectionMessage.Deliver.class);
    assertThat(((ConnectionMessage.Deliver) m).receipt()).as("copies never take the message's receipt").isNull();
    return ((ConnectionMessage.Deliver) m).stanza();
  }

  @Test
  void received_copyToEveryEnabledResourceThatDidNotGetIt() {
    ctx.receipt(new Receipt(PartFixture.connection(), 1, MessageIds.next(0), List.of()));
    ctx.modules().pipeline().deliver(ctx, Account.EMPTY, Delivery.of(message(ROMEO, JULIET + "/chamber", "chat", "hi"),
        "chamber"));

    assertThat(ctx.deliveredTo("chamber")).hasSize(1);
    XmlElement copy = copyOf(garden);
    assertThat(copy.attr("from")).isEqualTo(JULIET);
    assertThat(copy.attr("to")).isEqualTo(JULIET + "/garden");
    assertThat(copy.attr("type")).isEqualTo("chat");
    XmlElement inner = Forwarded.stanzaOf(copy.child("received", Namespaces.CARBONS).orElseThrow()
        .child("forwarded", Namespaces.FORWARD).orElseThrow()).orElseThrow();
    assertThat(inner.attr("from")).isEqualTo(ROMEO);
    assertThat(StanzaIds.stanzaIdBy(inner, JULIET)).as("the archive's id travels in the copy").isPresent();
    chamber.expectNoMessage(Duration.ofMillis(50));
    balcony.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void sent_copyToOtherEnabledResourcesWithTheSendersStanzaId() {
    UUID id = MessageIds.next(0);
    ctx.receipt(new Receipt(PartFixture.connection(), 2, id, List.of()));
    XmlElement out = ctx.modules().pipeline().send(ctx, Account.EMPTY, "chamber",
        message(JULIET + "/chamber", "romeo@example.net", "chat", "bye"));

    assertThat(out.elements("stanza-id", Namespaces.SID)).as("not on the routed message").isEmpty();
    XmlElement copy = copyOf(garden);
    XmlElement inner = Forwarded.stanzaOf(copy.child("sent", Namespaces.CARBONS).orElseThrow()
        .child("forwarded", Namespaces.FORWARD).orElseThrow()).orElseThrow();
    assertThat(inner.attr("to")).isEqualTo("romeo@example.net");
    assertThat(StanzaIds.stanzaIdBy(inner, JULIET)).contains(id.toString());
    chamber.expectNoMessage(Duration.ofMillis(50));
    balcony.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void privateOrParkedOrDisabled_noCopy() {
    XmlElement priv = message(ROMEO, JULIET + "/chamber", "chat", "private")
        .withChild(XmlElement.of("private", Namespaces.CARBONS));
    ctx.modules().pipeline().deliver(ctx, Account.EMPTY, Delivery.of(priv, "chamber"));
    garden.expectNoMessage(Duration.ofMillis(50));

    ctx.resources().park("garden");
    ctx.modules().pipeline().deliver(ctx, Account.EMPTY, Delivery.of(message(ROMEO, JULIET + "/chamber", "chat", "p"),
        "chamber"));
    garden.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void rules_xep0280Section6() {
    assertThat(CarbonRules.eligible(message(ROMEO, JULIET, "chat", null), true)).as("chat, even bodiless").isTrue();
    assertThat(CarbonRules.eligible(message(ROMEO, JULIET, "normal", "hi"), true)).isTrue();
    assertThat(CarbonRules.eligible(message(ROMEO, JULIET, "normal", null), true)).isFalse();
    assertThat(CarbonRules.eligible(message(ROMEO, JULIET, "normal", null)
        .withChild(XmlElement.builder("received", Namespaces.RECEIPTS).attr("id", "x").build()), true)).isTrue();
    assertThat(CarbonRules.eligible(message(ROMEO, JULIET, "groupchat", "room"), true)).isFalse();
    assertThat(CarbonRules.eligible(message(ROMEO, JULIET, "headline", "news"), true)).isFalse();
    assertThat(CarbonRules.eligible(message(ROMEO, JULIET, "chat", "x")
        .withChild(XmlElement.of("no-copy", Namespaces.HINTS)), true)).isFalse();
    XmlElement mucPm = message("room@muc.example.net/nick", JULIET, "chat", "pm")
        .withChild(XmlElement.of("x", Namespaces.MUC_USER));
    assertThat(CarbonRules.eligible(mucPm, true)).as("a room's private message, received").isFalse();
    assertThat(CarbonRules.eligible(mucPm.withAttribute("from", JULIET + "/chamber")
        .withAttribute("to", "room@muc.example.net/nick"), false)).as("sent to an occupant").isTrue();
    XmlElement invite = message("room@muc.example.net", JULIET, "normal", null)
        .withChild(XmlElement.builder("x", Namespaces.MUC_USER).child(XmlElement.of("invite", Namespaces.MUC_USER)).build());
    assertThat(CarbonRules.eligible(invite, true)).as("a mediated invitation").isTrue();
  }
}
