package io.switchboard.sharding.admin;

import java.util.Arrays;
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
  DELETE_MOTD("delete-motd", "Delete Message of the Day", true);

  /** XEP-0133's namespace: the nodes and the forms' FORM_TYPE. */
  public static final String ADMIN = "http://jabber.org/protocol/admin";

  /**
   * XEP-0133 get-user-password: not run and not listed. Only SCRAM keys are stored, so there is no
   * password to give; an admin asking gets {@code not-allowed} saying so.
   */
  public static final String GET_USER_PASSWORD = ADMIN + "#get-user-password";

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
