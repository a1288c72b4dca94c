package io.switchboard.sharding.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;

class CommandFormsTest {
  private static final DomainBareJid DOMAIN = Jids.domain("example.org");

  private static CommandForms.Read read(AdminCommand c, Map<String, List<String>> fields) {
    return CommandForms.read(c, new DataForm("submit", AdminCommand.ADMIN, fields), DOMAIN, 100);
  }

  @Test
  void read_accountOfAnotherDomain_isInvalid() {
    assertThat(read(AdminCommand.ADD_USER, Map.of("accountjid", List.of("eve@elsewhere.org"),
        "password", List.of("pw")))).isInstanceOf(CommandForms.Read.Invalid.class);
  }

  @Test
  void read_fullJidAsAccount_isInvalid() {
    assertThat(read(AdminCommand.DELETE_USER, Map.of("accountjids", List.of("bob@example.org/phone"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
  }

  @Test
  void read_emptyPassword_isInvalid() {
    assertThat(read(AdminCommand.CHANGE_USER_PASSWORD, Map.of("accountjid", List.of("bob@example.org"),
        "password", List.of("")))).isInstanceOf(CommandForms.Read.Invalid.class);
  }

  @Test
  void read_endSessionsTakesBareAndFullJids() {
    assertThat(read(AdminCommand.END_USER_SESSION, Map.of("accountjids",
        List.of("bob@example.org", "carol@example.org/phone"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.EndSessions(
            List.of(Jids.bare("bob@example.org"), Jids.full("carol@example.org/phone")))));
  }

  @Test
  void read_disableAndReenable_takeBareJidsOfTheDomain() {
    assertThat(read(AdminCommand.DISABLE_USER, Map.of("accountjids", List.of("bob@example.org", "carol@example.org"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.DisableUsers(
            List.of(Jids.bare("bob@example.org"), Jids.bare("carol@example.org")), true)));
    assertThat(read(AdminCommand.REENABLE_USER, Map.of("accountjids", List.of("bob@example.org"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.DisableUsers(List.of(Jids.bare("bob@example.org")), false)));
    assertThat(read(AdminCommand.DISABLE_USER, Map.of("accountjids", List.of("bob@example.org/phone"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(read(AdminCommand.REENABLE_USER, Map.of("accountjids", List.of("eve@elsewhere.org"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(read(AdminCommand.DISABLE_USER, Map.of())).isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(DataForm.parse(CommandForms.form(AdminCommand.DISABLE_USER)).fields().keySet())
        .containsExactly("accountjids");
  }

  @Test
  void read_maxItemsNoneOrLarge_isCappedByMaxListed() {
    assertThat(read(AdminCommand.GET_ONLINE_USERS_LIST, Map.of("max_items", List.of("none"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.ListOnline(100)));
    assertThat(read(AdminCommand.GET_ONLINE_USERS_LIST, Map.of("max_items", List.of("150"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.ListOnline(100)));
    assertThat(read(AdminCommand.GET_ONLINE_USERS_LIST, Map.of("max_items", List.of("25"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.ListOnline(25)));
    assertThat(read(AdminCommand.GET_ONLINE_USERS_LIST, Map.of("max_items", List.of("lots"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
  }

  @Test
  void read_registeredAndDisabledLists_takeMaxItemsAsTheOnlineList() {
    assertThat(read(AdminCommand.GET_REGISTERED_USERS_LIST, Map.of("max_items", List.of("none"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.ListRegistered(100)));
    assertThat(read(AdminCommand.GET_DISABLED_USERS_LIST, Map.of("max_items", List.of("25"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.ListDisabled(25)));
    assertThat(read(AdminCommand.GET_DISABLED_USERS_LIST, Map.of("max_items", List.of("0"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(read(AdminCommand.GET_REGISTERED_USERS_LIST, Map.of("max_items", List.of("x"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(DataForm.parse(CommandForms.form(AdminCommand.GET_REGISTERED_USERS_LIST)).fields().keySet())
        .containsExactly("max_items");
  }

  @Test
  void read_rosterAndStats_takeOneLocalBareJid() {
    assertThat(read(AdminCommand.GET_USER_ROSTER, Map.of("accountjid", List.of("bob@example.org"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.GetRoster(Jids.bare("bob@example.org"))));
    assertThat(read(AdminCommand.USER_STATS, Map.of("accountjids", List.of("bob@example.org"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.UserStats(Jids.bare("bob@example.org"))));
    assertThat(read(AdminCommand.USER_STATS, Map.of("accountjid", List.of("bob@elsewhere.org"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(read(AdminCommand.GET_USER_ROSTER, Map.of("accountjid", List.of("bob@example.org/phone"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(read(AdminCommand.GET_USER_ROSTER, Map.of())).isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(DataForm.parse(CommandForms.form(AdminCommand.USER_STATS)).fields().keySet())
        .containsExactly("accountjid");
  }

  @Test
  void lastLogin_readsOneLocalBareJid_answersAccountAndUtcTime() {
    assertThat(read(AdminCommand.GET_USER_LASTLOGIN, Map.of("accountjid", List.of("bob@example.org"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.GetLastLogin(Jids.bare("bob@example.org"))));
    assertThat(read(AdminCommand.GET_USER_LASTLOGIN, Map.of("accountjids", List.of("bob@example.org"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.GetLastLogin(Jids.bare("bob@example.org"))));
    assertThat(read(AdminCommand.GET_USER_LASTLOGIN, Map.of("accountjid", List.of("bob@elsewhere.org"))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(read(AdminCommand.GET_USER_LASTLOGIN, Map.of())).isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(DataForm.parse(CommandForms.form(AdminCommand.GET_USER_LASTLOGIN)).fields().keySet())
        .containsExactly("accountjid");

    DataForm at = DataForm.parse(CommandForms.lastLogin(Jids.bare("bob@example.org"),
        java.time.Instant.parse("2026-12-07T08:15:30.123456Z")));
    assertThat(at.type()).isEqualTo("result");
    assertThat(at.formType()).isEqualTo(AdminCommand.ADMIN);
    assertThat(at.value("accountjid")).isEqualTo("bob@example.org");
    assertThat(at.value("lastlogin")).isEqualTo("2026-12-07T08:15:30Z");
    DataForm never = DataForm.parse(CommandForms.lastLogin(Jids.bare("bob@example.org"), null));
    assertThat(never.has("lastlogin")).isTrue();
    assertThat(never.values("lastlogin")).isEmpty();
  }

  @Test
  void resultForms_carryXep0133Fields() {
    DataForm num = DataForm.parse(CommandForms.count("registeredusersnum", "The number of registered users", 7));
    assertThat(num.type()).isEqualTo("result");
    assertThat(num.formType()).isEqualTo(AdminCommand.ADMIN);
    assertThat(num.value("registeredusersnum")).isEqualTo("7");
    XmlElement query = XmlElement.builder("query", "jabber:iq:roster")
        .child(XmlElement.builder("item", "jabber:iq:roster").attr("jid", "carol@example.org").attr("subscription", "both"))
        .build();
    XmlElement roster = CommandForms.roster(Jids.bare("bob@example.org"), query);
    assertThat(DataForm.parse(roster).value("accountjid")).isEqualTo("bob@example.org");
    assertThat(roster.child("query", "jabber:iq:roster")).contains(query);
    DataForm stats = DataForm.parse(CommandForms.userStats(Jids.bare("bob@example.org"), 3,
        List.of("bob@example.org/a", "bob@example.org/b")));
    assertThat(stats.value("rostersize")).isEqualTo("3");
    assertThat(stats.values("onlineresources")).containsExactly("bob@example.org/a", "bob@example.org/b");
  }

  @Test
  void read_announcementLinesAreJoined() {
    assertThat(read(AdminCommand.ANNOUNCE, Map.of("subject", List.of("Maintenance"),
        "announcement", List.of("down at 3", "back at 4"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.Announce("Maintenance", "down at 3\nback at 4")));
    assertThat(read(AdminCommand.ANNOUNCE, Map.of("announcement", List.of(" "))))
        .isInstanceOf(CommandForms.Read.Invalid.class);
  }

  @Test
  void read_aFormNotSubmitted_isInvalid() {
    assertThat(CommandForms.read(AdminCommand.ANNOUNCE, new DataForm("cancel", AdminCommand.ADMIN,
        Map.of("announcement", List.of("x"))), DOMAIN, 10)).isInstanceOf(CommandForms.Read.Invalid.class);
  }

  @Test
  void form_carriesFormTypeAndRequiredFields() {
    XmlElement f = CommandForms.form(AdminCommand.ADD_USER);
    DataForm read = DataForm.parse(f);
    assertThat(read.type()).isEqualTo("form");
    assertThat(read.formType()).isEqualTo(AdminCommand.ADMIN);
    assertThat(read.fields().keySet()).containsExactly("accountjid", "password", "password-verify");
  }

  @Test
  void addUser_toString_hidesThePassword() {
    assertThat(new AdminOperation.AddUser(Jids.bare("bob@example.org"), "s3cret").toString()).doesNotContain("s3cret");
    assertThat(new AdminOperation.ChangePassword(Jids.bare("bob@example.org"), "s3cret").toString())
        .doesNotContain("s3cret");
  }
  @Test
  void read_setAndEditMotd_joinTheLines_blankIsInvalid() {
    assertThat(read(AdminCommand.SET_MOTD, Map.of("motd", List.of("Maintenance tonight", "-- ops"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.SetMotd("Maintenance tonight\n-- ops")));
    assertThat(read(AdminCommand.EDIT_MOTD, Map.of("motd", List.of("Fixed"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.SetMotd("Fixed")));
    assertThat(read(AdminCommand.SET_MOTD, Map.of("motd", List.of(" ")))).isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(read(AdminCommand.EDIT_MOTD, Map.of())).isInstanceOf(CommandForms.Read.Invalid.class);
    assertThat(CommandForms.formless(AdminCommand.DELETE_MOTD)).isEqualTo(new AdminOperation.DeleteMotd());
  }

  @Test
  void editMotd_isSetMotdsFormWithTheCurrentTextOneValuePerLine() {
    DataForm edit = DataForm.parse(CommandForms.editMotd(java.util.Optional.of("Maintenance tonight\n-- ops")));
    assertThat(edit.type()).isEqualTo("form");
    assertThat(edit.values("motd")).containsExactly("Maintenance tonight", "-- ops");
    DataForm empty = DataForm.parse(CommandForms.editMotd(java.util.Optional.empty()));
    assertThat(empty.fields().keySet()).containsExactly("motd");
    assertThat(empty.values("motd")).isEmpty();
    DataForm set = DataForm.parse(CommandForms.form(AdminCommand.SET_MOTD));
    assertThat(set.fields().keySet()).containsExactly("motd");
    assertThat(set.values("motd")).isEmpty();
  }

  @Test
  void setWelcome_formShowsTheCurrentText_readJoinsLines() {
    DataForm filled = DataForm.parse(CommandForms.setWelcome(java.util.Optional.of("Welcome!\nSee the FAQ")));
    assertThat(filled.values("welcome")).containsExactly("Welcome!", "See the FAQ");
    assertThat(DataForm.parse(CommandForms.setWelcome(java.util.Optional.empty())).values("welcome")).isEmpty();
    assertThat(read(AdminCommand.SET_WELCOME, Map.of("welcome", List.of("Welcome!", "See the FAQ"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.SetWelcome("Welcome!\nSee the FAQ")));
    assertThat(read(AdminCommand.SET_WELCOME, Map.of())).isInstanceOf(CommandForms.Read.Invalid.class);
  }

  @Test
  void activeAndIdleLists_resultFieldsAreXep0133s() {
    assertThat(read(AdminCommand.GET_ACTIVE_USERS, Map.of("max_items", List.of("none"))))
        .isEqualTo(new CommandForms.Read.Ok(new AdminOperation.ListActivity(false, 100)));
    assertThat(DataForm.parse(CommandForms.form(AdminCommand.GET_IDLE_USERS)).has("max_items")).isTrue();
  }
}
