package io.switchboard.sharding.admin;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The XEP-0133 service administration commands this server runs, each an XEP-0050 node at the
 * server's domain. {@code formless}: the command completes on execute, with no form to fill in.
 */
public enum AdminCommand {
  ADD_USER("add-user", "Add a User", false),
  DELETE_USER("delete-user", "Delete a User", false),
  DISABLE_USER("disable-user", "Disable a User", false),
  REENABLE_USER("reenable-user", "Re-Enable a User", false),
  CHANGE_USER_PASSWORD("change-user-password", "Change User Password", false),
  END_USER_SESSION("end-user-session", "End User Session", false),
  GET_ONLINE_USERS_NUM("get-online-users-num", "Get Number of Online Users", true),
  GET_ONLINE_USERS_LIST("get-online-users-list", "Get List of Online Users", false),
  ANNOUNCE("announce", "Send Announcement to Online Users", false),
  GET_REGISTERED_USERS_NUM("get-registered-users-num", "Get Number of Registered Users", true),
  GET_REGISTERED_USERS_LIST("get-registered-users-list", "Get List of Registered Users", false),
  GET_DISABLED_USERS_NUM("get-disabled-users-num", "Get Number of Disabled Users", true),
  GET_DISABLED_USERS_LIST("get-disabled-users-list", "Get List of Disabled Users", false),
  GET_USER_ROSTER("get-user-roster", "Get User Roster", false),
  USER_STATS("user-stats", "Get User Statistics", false),
  GET_USER_LASTLOGIN("get-user-lastlogin", "Get User Last Login Time", false),
  SET_MOTD("set-motd", "Set Message of the Day", false),
  EDIT_MOTD("edit-motd", "Edit Message of the Day", false),
  DELETE_MOTD("delete-motd", "Delete Message of the Day", true),
  GET_ACTIVE_USERS_NUM("get-active-users-num", "Get Number of Active Users", true),
  GET_ACTIVE_USERS("get-active-users", "Get List of Active Users", false),
  GET_IDLE_USERS_NUM("get-idle-users-num", "Get Number of Idle Users", true),
  GET_IDLE_USERS("get-idle-users", "Get List of Idle Users", false),
  SET_WELCOME("set-welcome", "Set Welcome Message", false),
  DELETE_WELCOME("delete-welcome", "Delete Welcome Message", true);

  /** XEP-0133's namespace: the nodes and the forms' FORM_TYPE. */
  public static final String ADMIN = "http://jabber.org/protocol/admin";

  /**
   * XEP-0133 get-user-password: not run and not listed. Only SCRAM keys are stored, so there is no
   * password to give; an admin asking gets {@code not-allowed} saying so.
   */
  public static final String GET_USER_PASSWORD = ADMIN + "#get-user-password";

  /**
   * XEP-0133 commands this server does not run and does not list; an admin asking gets
   * {@code feature-not-implemented} (XEP-0133 §5) with the reason, a non-admin {@code forbidden}.
   */
  public static final Map<String, String> NOT_IMPLEMENTED = Map.of(
      ADMIN + "#edit-admin", "the admins are switchboard.admins in each node's configuration, read at start-up: "
          + "change it there and restart the nodes one by one",
      ADMIN + "#restart", "a node is restarted by its supervisor (Kubernetes, systemd): a rolling restart drains "
          + "each node's streams in turn; this command would stop whichever node hosts the admin's account",
      ADMIN + "#shutdown", "a node is stopped by SIGTERM (Coordinated Shutdown drains its streams); "
          + "this command would stop whichever node hosts the admin's account",
      ADMIN + "#edit-blacklist", "s2s allow and deny lists are set in the configuration (switchboard.s2s)",
      ADMIN + "#edit-whitelist", "s2s allow and deny lists are set in the configuration (switchboard.s2s)");

  private final String name;
  private final String title;
  private final boolean formless;

  AdminCommand(String name, String title, boolean formless) {
    this.name = name;
    this.title = title;
    this.formless = formless;
  }

  /** The XEP-0050 node, {@code http://jabber.org/protocol/admin#<name>}. */
  public String node() {
    return ADMIN + "#" + name;
  }

  public String title() {
    return title;
  }

  public boolean formless() {
    return formless;
  }

  public static Optional<AdminCommand> ofNode(String node) {
    return Arrays.stream(values()).filter(c -> c.node().equals(node)).findFirst();
  }
}
