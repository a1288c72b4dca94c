package io.switchboard.sharding.admin;

import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
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
      case GET_ONLINE_USERS_LIST -> {
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
      case GET_ONLINE_USERS_NUM -> throw new IllegalArgumentException(command + " has no form");
      default -> throw new IllegalArgumentException(command.toString());
    }
    return f.build();
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
      case GET_ONLINE_USERS_LIST -> {
        String max = form.value("max_items");
        if (max == null || max.equals("none")) {
          yield new Read.Ok(new AdminOperation.ListOnline(maxListed));
        }
        try {
          int n = Integer.parseInt(max.trim());
          yield n < 1 ? invalid("max_items must be positive")
              : new Read.Ok(new AdminOperation.ListOnline(Math.min(n, maxListed)));
        } catch (NumberFormatException e) {
          yield invalid("max_items must be a number or none");
        }
      }
      case ANNOUNCE -> {
        String body = String.join("\n", form.values("announcement"));
        if (body.isBlank()) {
          yield invalid("announcement is required");
        }
        String subject = form.value("subject");
        yield new Read.Ok(new AdminOperation.Announce(subject == null || subject.isBlank() ? null : subject, body));
      }
      case GET_ONLINE_USERS_NUM -> new Read.Ok(new AdminOperation.CountOnline());
    };
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
