package io.switchboard.sharding.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.admin.CommandLogic.Step;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;

class CommandLogicTest {
  private static final DomainBareJid DOMAIN = Jids.domain("example.org");
  private static final CommandSessions.Lookup NONE = CommandSessions.Lookup.Unknown.INSTANCE;

  private static XmlElement command(AdminCommand c, String action, String session, XmlElement form) {
    XmlElement.Builder b = XmlElement.builder("command", Namespaces.COMMANDS)
        .attr("node", c == null ? "http://jabber.org/protocol/admin#nope" : c.node())
        .attr("action", action).attr("sessionid", session);
    if (form != null) {
      b.child(form);
    }
    return b.build();
  }

  private static XmlElement submit(String... varValues) {
    DataForm.Builder f = DataForm.builder("submit", AdminCommand.ADMIN);
    for (int i = 0; i < varValues.length; i += 2) {
      f.field(varValues[i], null, List.of(varValues[i + 1]));
    }
    return f.build();
  }

  private static Step decide(XmlElement command, boolean admin, CommandSessions.Lookup lookup) {
    return CommandLogic.decide(CommandRequest.parse(command), admin, lookup, DOMAIN, 1000);
  }

  private static CommandSessions.Lookup found(AdminCommand c) {
    return new CommandSessions.Lookup.Found(new CommandSessions.Session("s1", c, "admin@example.org/a",
        Instant.MAX));
  }

  private static void assertRefused(Step step, StanzaErrorCondition condition, String commandsCondition) {
    assertThat(step).isInstanceOf(Step.Refuse.class);
    Step.Refuse r = (Step.Refuse) step;
    assertThat(r.condition()).isEqualTo(condition);
    assertThat(r.commandsCondition()).isEqualTo(commandsCondition);
  }

  @Test
  void decide_unknownNode_isItemNotFound() {
    assertRefused(decide(command(null, null, null, null), true, NONE), StanzaErrorCondition.ITEM_NOT_FOUND, null);
  }

  @Test
  void decide_nonAdmin_isForbiddenEvenWithAFilledForm() {
    Step s = decide(command(AdminCommand.ADD_USER, "complete", null,
        submit("accountjid", "eve@example.org", "password", "x")), false, NONE);
    assertRefused(s, StanzaErrorCondition.FORBIDDEN, null);
  }

  @Test
  void decide_unknownAction_isMalformedAction() {
    assertRefused(decide(command(AdminCommand.ADD_USER, "jump", null, null), true, NONE),
        StanzaErrorCondition.BAD_REQUEST, "malformed-action");
  }

  @Test
  void decide_executeWithoutSession_opensTheForm() {
    assertThat(decide(command(AdminCommand.DELETE_USER, null, null, null), true, NONE))
        .isEqualTo(new Step.Open(AdminCommand.DELETE_USER));
  }

  @Test
  void decide_formlessCountsOfAccounts_runAtOnce() {
    assertThat(decide(command(AdminCommand.GET_REGISTERED_USERS_NUM, "execute", null, null), true, NONE))
        .isEqualTo(new Step.Run(AdminCommand.GET_REGISTERED_USERS_NUM, new AdminOperation.CountRegistered(), null));
    assertThat(decide(command(AdminCommand.GET_DISABLED_USERS_NUM, null, null, null), true, NONE))
        .isEqualTo(new Step.Run(AdminCommand.GET_DISABLED_USERS_NUM, new AdminOperation.CountDisabled(), null));
    assertRefused(decide(command(AdminCommand.GET_DISABLED_USERS_NUM, "execute", null, null), false, NONE),
        StanzaErrorCondition.FORBIDDEN, null);
  }

  @Test
  void decide_getUserPassword_isNotAllowedForAdminsAndForbiddenForOthers() {
    XmlElement ask = XmlElement.builder("command", Namespaces.COMMANDS).attr("node", AdminCommand.GET_USER_PASSWORD)
        .attr("action", "execute").build();
    assertRefused(decide(ask, true, NONE), StanzaErrorCondition.NOT_ALLOWED, null);
    assertRefused(decide(ask, false, NONE), StanzaErrorCondition.FORBIDDEN, null);
    assertThat(AdminCommand.ofNode(AdminCommand.GET_USER_PASSWORD)).isEmpty();
  }

  @Test
  void decide_userRosterWithFilledForm_runsForTheAccount() {
    assertThat(decide(command(AdminCommand.GET_USER_ROSTER, "execute", null,
        submit("accountjid", "bob@example.org")), true, NONE))
        .isEqualTo(new Step.Run(AdminCommand.GET_USER_ROSTER, new AdminOperation.GetRoster(Jids.bare("bob@example.org")),
            null));
    assertRefused(decide(command(AdminCommand.USER_STATS, "complete", "s1", submit("accountjid", "bob@elsewhere.org")),
        true, found(AdminCommand.USER_STATS)), StanzaErrorCondition.BAD_REQUEST, "bad-payload");
  }

  @Test
  void decide_lastLogin_opensItsForm_runsForTheAccount_refusesNonAdminsAndOtherDomains() {
    assertThat(decide(command(AdminCommand.GET_USER_LASTLOGIN, "execute", null, null), true, NONE))
        .isEqualTo(new Step.Open(AdminCommand.GET_USER_LASTLOGIN));
    assertThat(decide(command(AdminCommand.GET_USER_LASTLOGIN, "complete", "s1", submit("accountjid", "bob@example.org")),
        true, found(AdminCommand.GET_USER_LASTLOGIN)))
        .isEqualTo(new Step.Run(AdminCommand.GET_USER_LASTLOGIN,
            new AdminOperation.GetLastLogin(Jids.bare("bob@example.org")), "s1"));
    assertRefused(decide(command(AdminCommand.GET_USER_LASTLOGIN, "execute", null,
        submit("accountjid", "bob@example.org")), false, NONE), StanzaErrorCondition.FORBIDDEN, null);
    assertRefused(decide(command(AdminCommand.GET_USER_LASTLOGIN, "complete", "s1", submit("accountjid", "bob")),
        true, found(AdminCommand.GET_USER_LASTLOGIN)), StanzaErrorCondition.BAD_REQUEST, "bad-payload");
  }

  @Test
  void decide_motdCommands_setAndEditOpenTheirForms_deleteRunsAtOnce_nonAdminsForbidden() {
    assertThat(decide(command(AdminCommand.SET_MOTD, "execute", null, null), true, NONE))
        .isEqualTo(new Step.Open(AdminCommand.SET_MOTD));
    assertThat(decide(command(AdminCommand.EDIT_MOTD, null, null, null), true, NONE))
        .isEqualTo(new Step.Open(AdminCommand.EDIT_MOTD));
    assertThat(decide(command(AdminCommand.EDIT_MOTD, "complete", "s1", submit("motd", "Back at 9")), true,
        found(AdminCommand.EDIT_MOTD)))
        .isEqualTo(new Step.Run(AdminCommand.EDIT_MOTD, new AdminOperation.SetMotd("Back at 9"), "s1"));
    assertRefused(decide(command(AdminCommand.SET_MOTD, "complete", "s1", submit("motd", "")), true,
        found(AdminCommand.SET_MOTD)), StanzaErrorCondition.BAD_REQUEST, "bad-payload");
    assertThat(decide(command(AdminCommand.DELETE_MOTD, "execute", null, null), true, NONE))
        .isEqualTo(new Step.Run(AdminCommand.DELETE_MOTD, new AdminOperation.DeleteMotd(), null));
    for (AdminCommand c : java.util.List.of(AdminCommand.SET_MOTD, AdminCommand.EDIT_MOTD, AdminCommand.DELETE_MOTD)) {
      assertRefused(decide(command(c, "execute", null, null), false, NONE), StanzaErrorCondition.FORBIDDEN, null);
    }
    assertRefused(decide(command(AdminCommand.SET_MOTD, "complete", null, submit("motd", "sneaky")), false, NONE),
        StanzaErrorCondition.FORBIDDEN, null);
  }

  @Test
  void decide_formlessCommand_runsAtOnce() {
    assertThat(decide(command(AdminCommand.GET_ONLINE_USERS_NUM, "execute", null, null), true, NONE))
        .isEqualTo(new Step.Run(AdminCommand.GET_ONLINE_USERS_NUM, new AdminOperation.CountOnline(), null));
  }

  @Test
  void decide_nextWithoutSession_isBadAction() {
    assertRefused(decide(command(AdminCommand.ANNOUNCE, "next", null, null), true, NONE),
        StanzaErrorCondition.BAD_REQUEST, "bad-action");
  }

  @Test
  void decide_filledFormOnFirstExecute_runsWithoutSession() {
    Step s = decide(command(AdminCommand.CHANGE_USER_PASSWORD, "execute", null,
        submit("accountjid", "bob@example.org", "password", "new")), true, NONE);
    assertThat(s).isEqualTo(new Step.Run(AdminCommand.CHANGE_USER_PASSWORD,
        new AdminOperation.ChangePassword(Jids.bare("bob@example.org"), "new"), null));
  }

  @Test
  void decide_unknownSession_isBadSessionid() {
    assertRefused(decide(command(AdminCommand.ADD_USER, "complete", "zz", submit()), true, NONE),
        StanzaErrorCondition.BAD_REQUEST, "bad-sessionid");
  }

  @Test
  void decide_expiredSession_isSessionExpired() {
    assertRefused(decide(command(AdminCommand.ADD_USER, "complete", "s1", submit()), true,
        CommandSessions.Lookup.Expired.INSTANCE), StanzaErrorCondition.NOT_ALLOWED, "session-expired");
  }

  @Test
  void decide_sessionOfAnotherCommand_isBadSessionid() {
    assertRefused(decide(command(AdminCommand.DELETE_USER, "complete", "s1",
        submit("accountjids", "bob@example.org")), true, found(AdminCommand.ADD_USER)),
        StanzaErrorCondition.BAD_REQUEST, "bad-sessionid");
  }

  @Test
  void decide_cancel_cancelsTheSession() {
    assertThat(decide(command(AdminCommand.ADD_USER, "cancel", "s1", null), true, found(AdminCommand.ADD_USER)))
        .isEqualTo(new Step.Cancel(AdminCommand.ADD_USER, "s1"));
  }

  @Test
  void decide_prevInSession_isBadAction() {
    assertRefused(decide(command(AdminCommand.ADD_USER, "prev", "s1", null), true, found(AdminCommand.ADD_USER)),
        StanzaErrorCondition.BAD_REQUEST, "bad-action");
  }

  @Test
  void decide_completeWithoutForm_isBadPayload() {
    assertRefused(decide(command(AdminCommand.ADD_USER, "complete", "s1", null), true, found(AdminCommand.ADD_USER)),
        StanzaErrorCondition.BAD_REQUEST, "bad-payload");
  }

  @Test
  void decide_completeWithDifferingPasswords_isBadPayload() {
    Step s = decide(command(AdminCommand.ADD_USER, "complete", "s1",
        submit("accountjid", "new@example.org", "password", "a", "password-verify", "b")), true,
        found(AdminCommand.ADD_USER));
    assertRefused(s, StanzaErrorCondition.BAD_REQUEST, "bad-payload");
  }

  @Test
  void decide_completeWithGoodForm_runsAndEndsTheSession() {
    Step s = decide(command(AdminCommand.ADD_USER, "complete", "s1",
        submit("accountjid", "new@example.org", "password", "a", "password-verify", "a")), true,
        found(AdminCommand.ADD_USER));
    assertThat(s).isEqualTo(new Step.Run(AdminCommand.ADD_USER,
        new AdminOperation.AddUser(Jids.bare("new@example.org"), "a"), "s1"));
  }

  @Test
  void decide_executeInSessionActsAsComplete() {
    Step s = decide(command(AdminCommand.ANNOUNCE, "execute", "s1", submit("announcement", "hi all")), true,
        found(AdminCommand.ANNOUNCE));
    assertThat(s).isEqualTo(new Step.Run(AdminCommand.ANNOUNCE, new AdminOperation.Announce(null, "hi all"), "s1"));
  }

  @Test
  void decide_activeAndIdleCounts_runAtOnce_listsOpenTheMaxItemsForm() {
    assertThat(decide(command(AdminCommand.GET_ACTIVE_USERS_NUM, "execute", null, null), true, NONE))
        .isEqualTo(new Step.Run(AdminCommand.GET_ACTIVE_USERS_NUM, new AdminOperation.CountActivity(false), null));
    assertThat(decide(command(AdminCommand.GET_IDLE_USERS_NUM, null, null, null), true, NONE))
        .isEqualTo(new Step.Run(AdminCommand.GET_IDLE_USERS_NUM, new AdminOperation.CountActivity(true), null));
    assertThat(decide(command(AdminCommand.GET_ACTIVE_USERS, "execute", null, null), true, NONE))
        .isEqualTo(new Step.Open(AdminCommand.GET_ACTIVE_USERS));
    assertThat(decide(command(AdminCommand.GET_IDLE_USERS, "complete", "s1", submit("max_items", "25")), true,
        found(AdminCommand.GET_IDLE_USERS)))
        .isEqualTo(new Step.Run(AdminCommand.GET_IDLE_USERS, new AdminOperation.ListActivity(true, 25), "s1"));
    assertRefused(decide(command(AdminCommand.GET_ACTIVE_USERS, "complete", "s1", submit("max_items", "lots")), true,
        found(AdminCommand.GET_ACTIVE_USERS)), StanzaErrorCondition.BAD_REQUEST, "bad-payload");
    assertRefused(decide(command(AdminCommand.GET_IDLE_USERS_NUM, "execute", null, null), false, NONE),
        StanzaErrorCondition.FORBIDDEN, null);
  }

  @Test
  void decide_welcome_setNeedsText_deleteRunsAtOnce() {
    assertThat(decide(command(AdminCommand.SET_WELCOME, "complete", "s1", submit("welcome", "Hello")), true,
        found(AdminCommand.SET_WELCOME)))
        .isEqualTo(new Step.Run(AdminCommand.SET_WELCOME, new AdminOperation.SetWelcome("Hello"), "s1"));
    assertRefused(decide(command(AdminCommand.SET_WELCOME, "complete", "s1", submit("welcome", "  ")), true,
        found(AdminCommand.SET_WELCOME)), StanzaErrorCondition.BAD_REQUEST, "bad-payload");
    assertThat(decide(command(AdminCommand.DELETE_WELCOME, "execute", null, null), true, NONE))
        .isEqualTo(new Step.Run(AdminCommand.DELETE_WELCOME, new AdminOperation.DeleteWelcome(), null));
    assertRefused(decide(command(AdminCommand.SET_WELCOME, "execute", null, null), false, NONE),
        StanzaErrorCondition.FORBIDDEN, null);
  }

  @Test
  void decide_editAdminRestartShutdown_areNotImplementedToAdminsAndForbiddenToOthers() {
    for (String name : List.of("edit-admin", "restart", "shutdown", "edit-blacklist", "edit-whitelist")) {
      XmlElement ask = XmlElement.builder("command", Namespaces.COMMANDS).attr("node", AdminCommand.ADMIN + "#" + name)
          .attr("action", "execute").build();
      assertThat(AdminCommand.ofNode(AdminCommand.ADMIN + "#" + name)).isEmpty();
      Step admin = decide(ask, true, NONE);
      assertRefused(admin, StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED, null);
      assertThat(((Step.Refuse) admin).text()).isNotBlank();
      assertRefused(decide(ask, false, NONE), StanzaErrorCondition.FORBIDDEN, null);
    }
  }
}
