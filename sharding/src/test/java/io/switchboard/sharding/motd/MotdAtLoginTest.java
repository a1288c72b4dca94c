package io.switchboard.sharding.motd;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.presence.PresenceBroadcast;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.UserSession;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;

class MotdAtLoginTest {
  private final PresenceBroadcast presence = new PresenceBroadcast();
  private final Account account = PartFixture.withContacts();
  private String text = "Maintenance tonight";
  private final MotdTexts texts = new MotdTexts() {
    @Override
    public CompletionStage<Optional<String>> current(DomainBareJid domain) {
      return CompletableFuture.completedFuture(domain.toString().equals("example.com")
          ? Optional.ofNullable(text) : Optional.empty());
    }

    @Override
    public CompletionStage<Void> set(DomainBareJid domain, String t) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Void> delete(DomainBareJid domain) {
      throw new UnsupportedOperationException();
    }
  };
  private final TestSessionContext ctx = PartFixture.juliet(Modules.of(new MotdAtLogin(texts)));

  /** Runs the commands the module sent its entity, as the entity would (the offline inbox's are not its). */
  private void runSelfMessages() {
    List<UserSession.Command> commands = List.copyOf(ctx.selfMessages);
    ctx.selfMessages.clear();
    for (UserSession.Command c : commands) {
      if (c instanceof MotdAtLogin.Send send) {
        send.run(ctx, account);
      }
    }
  }

  private List<XmlElement> motds(String resource) {
    return ctx.deliveredTo(resource).stream().filter(s -> s.name().equals("message")).toList();
  }

  @Test
  void initialPresence_getsTheMotdOnceAsAHeadlineFromTheDomain() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    presence.onOwn(ctx, account, "balcony", available(null, 0));
    runSelfMessages();

    assertThat(motds("balcony")).singleElement().satisfies(m -> {
      assertThat(m.attr("from")).isEqualTo("example.com");
      assertThat(m.attr("to")).isEqualTo(JULIET + "/balcony");
      assertThat(m.attr("type")).isEqualTo("headline");
      assertThat(m.childText("body", "jabber:client")).contains("Maintenance tonight");
    });

    // A later presence update on the same stream is no login.
    presence.onOwn(ctx, account, "balcony", available(null, 5));
    runSelfMessages();
    assertThat(motds("balcony")).hasSize(1);
  }

  @Test
  void initialPresence_noMotdSet_nothingSent() {
    text = null;
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    presence.onOwn(ctx, account, "balcony", available(null, 0));
    runSelfMessages();
    assertThat(motds("balcony")).isEmpty();
  }

  @Test
  void boundWithoutInitialPresence_nothingAsked() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    assertThat(ctx.selfMessages).noneMatch(MotdAtLogin.Send.class::isInstance);
  }

  @Test
  void resourceGoneOrRebound_beforeTheTextArrives_nothingSent() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    presence.onOwn(ctx, account, "balcony", available(null, 0));
    // The same name bound again by another connection before the read came back.
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    runSelfMessages();
    assertThat(motds("balcony")).isEmpty();
  }

  @Test
  void parkedBeforeTheTextArrives_nothingSent() {
    ctx.bind("balcony", PartFixture.connection(), null, 0);
    presence.onOwn(ctx, account, "balcony", available(null, 0));
    ctx.resources().park("balcony");
    runSelfMessages();
    assertThat(motds("balcony")).isEmpty();
  }

  @Test
  void module_registersItsLoginHook() {
    assertThat(Modules.of(new MotdAtLogin(texts)).loginHooks()).hasSize(1);
  }
}
