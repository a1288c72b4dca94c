package io.switchboard.sharding.admin;

import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityJid;
import org.jxmpp.jid.Jid;

/**
 * The XEP-0004 forms of the XEP-0133 commands (XEP-0133 §4's fields, FORM_TYPE
 * {@value AdminCommand#ADMIN}), and the reading of a submitted one into an {@link AdminOperation}.
 * Pure.
 */
public final class CommandForms {
  private static final String NS = DataForm.NAMESPACE;
  private static final String MOTD = "motd";
  private static final String MOTD_LABEL = "Message of the Day";
  private static final String WELCOME = "welcome";
  private static final String WELCOME_LABEL = "Welcome Message";
  private static final List<String> MAX_ITEMS = List.of("25", "50", "75", "100", "150", "200", "none");

  private CommandForms() {}

  /** A submitted form read: the operation, or why it is refused ({@code bad-payload}). */
  public sealed interface Read {
    record Ok(AdminOperation operation) implements Read {}

    record Invalid(String reason) implements Read {}
  }

  /** The form the admin fills in for {@code command} (not for a formless one). */
  public static XmlElement form(AdminCommand command) {
    DataForm.Builder f = DataForm.builder("form", AdminCommand.ADMIN);
    switch (command) {
      case ADD_USER -> f.field(field("accountjid", "jid-single", "The Jabber ID for the account to be added", true))
          .field(field("password", "text-private", "The password for this account", true))
          .field(field("password-verify", "text-private", "Retype password", true));
      case DELETE_USER -> f.field(field("accountjids", "jid-multi", "The Jabber ID(s) to delete", true));
      case DISABLE_USER -> f.field(field("accountjids", "jid-multi", "The Jabber ID(s) to disable", true));
      case REENABLE_USER -> f.field(field("accountjids", "jid-multi", "The Jabber ID(s) to re-enable", true));
      case CHANGE_USER_PASSWORD -> f.field(field("accountjid", "jid-single", "The Jabber ID for this account", true))
          .field(field("password", "text-private", "The password for this account", true));
      case END_USER_SESSION -> f.field(field("accountjids", "jid-multi", "The Jabber ID(s) for which to end sessions", true));
      case GET_ONLINE_USERS_LIST, GET_REGISTERED_USERS_LIST, GET_DISABLED_USERS_LIST, GET_ACTIVE_USERS,
          GET_IDLE_USERS -> {
        XmlElement.Builder max = XmlElement.builder("field", NS).attr("var", "max_items").attr("type", "list-single")
            .attr("label", "Maximum number of items to show");
        for (String o : MAX_ITEMS) {
          max.child(XmlElement.builder("option", NS).attr("label", o)
              .child(XmlElement.builder("value", NS).text(o)));
        }
        f.field(max.build());
      }
      case ANNOUNCE -> f.field(field("subject", "text-single", "Subject", false))
          .field(field("announcement", "text-multi", "Announcement", true));
      case GET_USER_ROSTER -> f.field(field("accountjid", "jid-single", "The Jabber ID for which to retrieve roster", true));
      case USER_STATS -> f.field(field("accountjid", "jid-single", "The Jabber ID for which statistics are requested", true));
      case GET_USER_LASTLOGIN -> f.field(field("accountjid", "jid-single",
          "The Jabber ID for which to retrieve the last login time", true));
      case SET_MOTD, EDIT_MOTD -> f.field(field(MOTD, "text-multi", MOTD_LABEL, true));
      case SET_WELCOME -> f.field(field(WELCOME, "text-multi", WELCOME_LABEL, true));
      case GET_ONLINE_USERS_NUM, GET_REGISTERED_USERS_NUM, GET_DISABLED_USERS_NUM, DELETE_MOTD,
          GET_ACTIVE_USERS_NUM, GET_IDLE_USERS_NUM, DELETE_WELCOME ->
          throw new IllegalArgumentException(command + " has no form");
      default -> throw new IllegalArgumentException(command.toString());
    }
    return f.build();
  }

  /**
   * edit-motd's form (XEP-0133 §4.24): set-motd's, with the current message of the day filled in
   * (one value per line), or empty when none is set.
   */
  public static XmlElement editMotd(java.util.Optional<String> current) {
    return filledText(MOTD, MOTD_LABEL, current);
  }

  /**
   * set-welcome's form (XEP-0133 §4.27, whose example shows the current text): the welcome message
   * now set filled in, one value per line, or empty when none is.
   */
  public static XmlElement setWelcome(java.util.Optional<String> current) {
    return filledText(WELCOME, WELCOME_LABEL, current);
  }

  private static XmlElement filledText(String var, String label, java.util.Optional<String> current) {
    XmlElement.Builder f = XmlElement.builder("field", NS).attr("var", var).attr("type", "text-multi")
        .attr("label", label).child(XmlElement.builder("required", NS));
    current.ifPresent(text -> text.lines().forEach(line -> f.child(XmlElement.builder("value", NS).text(line))));
    return DataForm.builder("form", AdminCommand.ADMIN).field(f.build()).build();
  }

  /** {@code form}, submitted for {@code command}, as an operation on accounts of {@code domain}. */
  public static Read read(AdminCommand command, DataForm form, DomainBareJid domain, int maxListed) {
    if (form.type() != null && !form.type().equals("submit")) {
      return new Read.Invalid("the form must be of type submit");
    }
    return switch (command) {
      case ADD_USER -> {
        EntityBareJid user = account(form.value("accountjid"), domain);
        String pw = form.value("password");
        if (user == null) {
          yield invalid("accountjid must be a bare JID at " + domain);
        }
        if (pw == null || pw.isEmpty()) {
          yield invalid("password is required");
        }
        if (form.has("password-verify") && !pw.equals(form.value("password-verify"))) {
          yield invalid("the passwords differ");
        }
        yield new Read.Ok(new AdminOperation.AddUser(user, pw));
      }
      case CHANGE_USER_PASSWORD -> {
        EntityBareJid user = account(form.value("accountjid"), domain);
        String pw = form.value("password");
        if (user == null) {
          yield invalid("accountjid must be a bare JID at " + domain);
        }
        yield pw == null || pw.isEmpty() ? invalid("password is required")
            : new Read.Ok(new AdminOperation.ChangePassword(user, pw));
      }
      case DELETE_USER, DISABLE_USER, REENABLE_USER -> {
        List<EntityBareJid> users = new ArrayList<>();
        for (String v : form.values("accountjids")) {
          EntityBareJid u = account(v, domain);
          if (u == null) {
            yield invalid("'" + v + "' is not a bare JID at " + domain);
          }
          users.add(u);
        }
        if (users.isEmpty()) {
          yield invalid("accountjids is required");
        }
        yield new Read.Ok(command == AdminCommand.DELETE_USER ? new AdminOperation.DeleteUsers(List.copyOf(users))
            : new AdminOperation.DisableUsers(List.copyOf(users), command == AdminCommand.DISABLE_USER));
      }
      case END_USER_SESSION -> {
        List<EntityJid> jids = new ArrayList<>();
        for (String v : form.values("accountjids")) {
          Jid j = Jids.parse(v.trim()).orElse(null);
          if (j == null || !(j instanceof EntityJid e) || !j.getDomain().equals(domain)) {
            yield invalid("'" + v + "' is not a JID of an account at " + domain);
          }
          jids.add(e);
        }
        yield jids.isEmpty() ? invalid("accountjids is required")
            : new Read.Ok(new AdminOperation.EndSessions(List.copyOf(jids)));
      }
      case GET_ONLINE_USERS_LIST, GET_REGISTERED_USERS_LIST, GET_DISABLED_USERS_LIST, GET_ACTIVE_USERS,
          GET_IDLE_USERS -> {
        int max = maxItems(form.value("max_items"), maxListed);
        if (max < 1) {
          yield invalid(max == 0 ? "max_items must be positive" : "max_items must be a number or none");
        }
        yield new Read.Ok(switch (command) {
          case GET_REGISTERED_USERS_LIST -> new AdminOperation.ListRegistered(max);
          case GET_DISABLED_USERS_LIST -> new AdminOperation.ListDisabled(max);
          case GET_ACTIVE_USERS -> new AdminOperation.ListActivity(false, max);
          case GET_IDLE_USERS -> new AdminOperation.ListActivity(true, max);
          default -> new AdminOperation.ListOnline(max);
        });
      }
      case GET_USER_ROSTER, USER_STATS, GET_USER_LASTLOGIN -> {
        // XEP-0133 names the field accountjid in some use cases and accountjids in others: either is read.
        String v = form.has("accountjid") ? form.value("accountjid") : form.value("accountjids");
        EntityBareJid user = account(v, domain);
        if (user == null) {
          yield invalid("accountjid must be a bare JID at " + domain);
        }
        yield new Read.Ok(switch (command) {
          case GET_USER_ROSTER -> new AdminOperation.GetRoster(user);
          case USER_STATS -> new AdminOperation.UserStats(user);
          default -> new AdminOperation.GetLastLogin(user);
        });
      }
      case ANNOUNCE -> {
        String body = String.join("\n", form.values("announcement"));
        if (body.isBlank()) {
          yield invalid("announcement is required");
        }
        String subject = form.value("subject");
        yield new Read.Ok(new AdminOperation.Announce(subject == null || subject.isBlank() ? null : subject, body));
      }
      case SET_MOTD, EDIT_MOTD -> {
        // text-multi: one value per line (XEP-0004 §3.3).
        String text = String.join("\n", form.values(MOTD));
        yield text.isBlank() ? invalid("motd is required") : new Read.Ok(new AdminOperation.SetMotd(text));
      }
      case SET_WELCOME -> {
        String text = String.join("\n", form.values(WELCOME));
        yield text.isBlank() ? invalid("welcome is required") : new Read.Ok(new AdminOperation.SetWelcome(text));
      }
      case GET_ONLINE_USERS_NUM, GET_REGISTERED_USERS_NUM, GET_DISABLED_USERS_NUM, DELETE_MOTD,
          GET_ACTIVE_USERS_NUM, GET_IDLE_USERS_NUM, DELETE_WELCOME -> new Read.Ok(formless(command));
    };
  }

  /** The operation of a formless command (it completes on execute). */
  public static AdminOperation formless(AdminCommand command) {
    return switch (command) {
      case GET_REGISTERED_USERS_NUM -> new AdminOperation.CountRegistered();
      case GET_DISABLED_USERS_NUM -> new AdminOperation.CountDisabled();
      case GET_ONLINE_USERS_NUM -> new AdminOperation.CountOnline();
      case DELETE_MOTD -> new AdminOperation.DeleteMotd();
      case GET_ACTIVE_USERS_NUM -> new AdminOperation.CountActivity(false);
      case GET_IDLE_USERS_NUM -> new AdminOperation.CountActivity(true);
      case DELETE_WELCOME -> new AdminOperation.DeleteWelcome();
      default -> throw new IllegalArgumentException(command + " has a form");
    };
  }

  /** max_items read: {@code none} or absent is {@code cap}, a number at most {@code cap}; 0 not positive, -1 not a number. */
  private static int maxItems(String max, int cap) {
    if (max == null || max.equals("none")) {
      return cap;
    }
    try {
      int n = Integer.parseInt(max.trim());
      return n < 1 ? 0 : Math.min(n, cap);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A {@code num} command's result form: one text-single field. */
  public static XmlElement count(String var, String label, long count) {
    return DataForm.builder("result", AdminCommand.ADMIN)
        .field(labelled(var, "text-single", label, List.of(Long.toString(count))))
        .build();
  }

  /** A {@code list} command's result form: one jid-multi field. */
  public static XmlElement jidList(String var, String label, List<String> jids) {
    return DataForm.builder("result", AdminCommand.ADMIN)
        .field(labelled(var, "jid-multi", label, jids))
        .build();
  }

  /** get-user-roster's result (XEP-0133): the account, then its roster as a jabber:iq:roster query in the form. */
  public static XmlElement roster(EntityBareJid user, XmlElement rosterQuery) {
    return DataForm.builder("result", AdminCommand.ADMIN)
        .field(labelled("accountjid", "jid-single", "The Jabber ID for which to retrieve roster",
            List.of(user.toString())))
        .field(rosterQuery)
        .build();
  }

  /** user-stats' result: the roster's size and the online resources (full JIDs); IP addresses are not kept. */
  public static XmlElement userStats(EntityBareJid user, int rosterSize, List<String> onlineResources) {
    return DataForm.builder("result", AdminCommand.ADMIN)
        .field(labelled("accountjid", "jid-single", "The Jabber ID for which statistics are requested",
            List.of(user.toString())))
        .field(labelled("rostersize", "text-single", "Roster size", List.of(Integer.toString(rosterSize))))
        .field(labelled("onlineresources", "text-multi", "Online resources", onlineResources))
        .build();
  }

  /**
   * get-user-lastlogin's result: the account and {@code lastlogin}, the time its last resource was
   * bound as an XEP-0082 DateTime in UTC, no value when none is recorded.
   */
  public static XmlElement lastLogin(EntityBareJid user, Instant lastLogin) {
    return DataForm.builder("result", AdminCommand.ADMIN)
        .field(labelled("accountjid", "jid-single", "The Jabber ID for which to retrieve the last login time",
            List.of(user.toString())))
        .field(labelled("lastlogin", "text-single", "Last login time",
            lastLogin == null ? List.of() : List.of(lastLogin.truncatedTo(ChronoUnit.SECONDS).toString())))
        .build();
  }

  /** get-online-users-num's result form. */
  public static XmlElement onlineCount(long count) {
    return DataForm.builder("result", AdminCommand.ADMIN)
        .field(labelled("onlineusersnum", "text-single", "The number of online users", List.of(Long.toString(count))))
        .build();
  }

  /** get-online-users-list's result form. */
  public static XmlElement onlineList(List<String> jids) {
    return DataForm.builder("result", AdminCommand.ADMIN)
        .field(labelled("onlineuserjids", "jid-multi", "The list of all online users", jids))
        .build();
  }

  private static Read invalid(String reason) {
    return new Read.Invalid(reason);
  }

  private static EntityBareJid account(String value, DomainBareJid domain) {
    if (value == null) {
      return null;
    }
    Jid j = Jids.parse(value.trim()).orElse(null);
    return j != null && j.isEntityBareJid() && j.getDomain().equals(domain) ? j.asEntityBareJidIfPossible() : null;
  }

  private static XmlElement field(String var, String type, String label, boolean required) {
    XmlElement.Builder f = XmlElement.builder("field", NS).attr("var", var).attr("type", type).attr("label", label);
    if (required) {
      f.child(XmlElement.builder("required", NS));
    }
    return f.build();
  }

  private static XmlElement labelled(String var, String type, String label, List<String> values) {
    XmlElement.Builder f = XmlElement.builder("field", NS).attr("var", var).attr("type", type).attr("label", label);
    values.forEach(v -> f.child(XmlElement.builder("value", NS).text(v)));
    return f.build();
  }
}
