package io.switchboard.sharding.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.AccountIqHandler.Origin;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModulesTest {

  @Test
  void standardModules_featuresGeneratedSortedWithoutAHandWrittenList() {
    Modules modules = StandardModules.of(PepHandler.none(), Clock.systemUTC());

    assertThat(modules.serverFeatures()).isSorted().contains(
        "jabber:iq:last", "jabber:iq:private", "jabber:iq:version", "msgoffline", "urn:xmpp:blocking",
        "urn:xmpp:features:rosterver", "urn:xmpp:ping", "urn:xmpp:time", "vcard-temp");
    assertThat(modules.accountFeatures()).containsExactly(
        "http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items", "vcard-temp");
    assertThat(modules.serverHandler("urn:xmpp:time")).isPresent();
  }

  /** A trivial XEP as a module: one handler, registered by adding it to the list. */
  private static Module echo(String ns, boolean acceptsOwner) {
    return new Module() {
      @Override
      public String name() {
        return "echo " + ns;
      }

      @Override
      public List<AccountIqHandler> accountIq() {
        return List.of(new AccountIqHandler() {
          @Override
          public Set<String> namespaces() {
            return Set.of(ns);
          }

          @Override
          public boolean accepts(Request r) {
            return r.fromOwner() == acceptsOwner;
          }

          @Override
          public List<String> accountFeatures() {
            return List.of(ns + "#feature");
          }

          @Override
          public Outcome handle(SessionContext ctx, Account state, Request r) {
            return Outcome.none();
          }
        });
      }
    };
  }

  @Test
  void accountHandler_firstThatAcceptsWins() {
    Modules modules = Modules.of(echo("urn:x", true), echo("urn:x", false));
    XmlElement q = XmlElement.of("q", "urn:x");
    XmlElement iq = XmlElement.builder("iq", "jabber:client").attr("type", "get").child(q).build();

    var own = modules.accountHandler(new AccountIqHandler.Request(iq, q, Origin.OWN, "r")).orElseThrow();
    var other = modules.accountHandler(new AccountIqHandler.Request(iq, q, Origin.OTHER, null)).orElseThrow();

    assertThat(own).isNotSameAs(other);
    assertThat(modules.accountHandler(new AccountIqHandler.Request(iq, XmlElement.of("q", "urn:y"), Origin.OWN, "r"))).isEmpty();
    assertThat(modules.accountFeatures()).containsExactly("urn:x#feature");
  }

  @Test
  void twoServerHandlersForOneNamespace_refused() {
    assertThatThrownBy(() -> Modules.of(new io.switchboard.sharding.ping.Ping(), new io.switchboard.sharding.ping.Ping()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("urn:xmpp:ping");
  }
}
