package io.switchboard.sharding.privatedata;

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

class PrivateXmlIqTest {
  private static final String PRIVATE = "jabber:iq:private";
  private final PrivateXmlIq storage = new PrivateXmlIq();
  private final TestSessionContext ctx = PartFixture.juliet();

  private Request own(String type, XmlElement data) {
    XmlElement q = XmlElement.builder("query", PRIVATE).child(data).build();
    return new Request(iq(JULIET + "/balcony", null, type, "p1", q), q, Origin.OWN_NO_TO, "balcony");
  }

  @Test
  void storeThenRead_theSameElement() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    XmlElement bookmarks = XmlElement.builder("storage", "storage:bookmarks").textChild("note", "x").build();

    Account after = storage.handle(ctx, Account.EMPTY, own("set", bookmarks)).applyTo(Account.EMPTY);
    storage.handle(ctx, after, own("get", XmlElement.of("storage", "storage:bookmarks")));

    XmlElement read = ctx.deliveredTo("balcony").get(1);
    assertThat(read.child("query", PRIVATE).orElseThrow().firstElement()).contains(bookmarks);
  }

  @Test
  void protocolNamespace_notAcceptable_strangers_notTaken() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    storage.handle(ctx, Account.EMPTY, own("set", XmlElement.of("query", "jabber:iq:roster")));
    assertThat(errorCondition(ctx.deliveredTo("balcony").get(0))).isEqualTo("not-acceptable");
    XmlElement q = XmlElement.of("query", PRIVATE);
    assertThat(storage.accepts(new Request(iq("iago@example.com/x", JULIET, "get", "p", q), q, Origin.OTHER, null))).isFalse();
  }
}
