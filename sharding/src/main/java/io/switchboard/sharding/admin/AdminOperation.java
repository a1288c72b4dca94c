package io.switchboard.sharding.admin;

import java.util.List;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityJid;

/** What a completed XEP-0133 command asks the server to do, read from its form and checked. */
public sealed interface AdminOperation {

  /** add-user. The password is never logged ({@link #toString} hides it). */
  record AddUser(EntityBareJid user, String password) implements AdminOperation {
    @Override
    public String toString() {
      return "AddUser[" + user + "]";
    }
  }

  /** delete-user, one or more accounts. */
  record DeleteUsers(List<EntityBareJid> users) implements AdminOperation {}

  /**
   * disable-user ({@code disable} true: logins refused with {@code <account-disabled/>}, the
   * accounts' sessions ended) or reenable-user (false), one or more accounts.
   */
  record DisableUsers(List<EntityBareJid> users, boolean disable) implements AdminOperation {}

  /** change-user-password. The password is never logged. */
  record ChangePassword(EntityBareJid user, String password) implements AdminOperation {
    @Override
    public String toString() {
      return "ChangePassword[" + user + "]";
    }
  }

  /** end-user-session: a bare JID ends every session of the account, a full JID that one. */
  record EndSessions(List<EntityJid> jids) implements AdminOperation {}

  /** get-online-users-num. */
  record CountOnline() implements AdminOperation {}

  /** get-online-users-list, at most {@code max} JIDs. */
  record ListOnline(int max) implements AdminOperation {}

  /** announce: a message from the server to every online resource. */
  record Announce(String subject, String body) implements AdminOperation {}

  /** get-registered-users-num. */
  record CountRegistered() implements AdminOperation {}

  /** get-registered-users-list, at most {@code max} JIDs. */
  record ListRegistered(int max) implements AdminOperation {}

  /** get-disabled-users-num. */
  record CountDisabled() implements AdminOperation {}

  /** get-disabled-users-list, at most {@code max} JIDs. */
  record ListDisabled(int max) implements AdminOperation {}

  /** get-user-roster. */
  record GetRoster(EntityBareJid user) implements AdminOperation {}

  /** user-stats. */
  record UserStats(EntityBareJid user) implements AdminOperation {}

  /** get-user-lastlogin. */
  record GetLastLogin(EntityBareJid user) implements AdminOperation {}

  /** set-motd and edit-motd: the domain's message of the day becomes {@code text}. */
  record SetMotd(String text) implements AdminOperation {}

  /** delete-motd. */
  record DeleteMotd() implements AdminOperation {}

  /** get-active-users-num ({@code idle} false) or get-idle-users-num (true): see {@link ResourceActivity}. */
  record CountActivity(boolean idle) implements AdminOperation {}

  /** get-active-users or get-idle-users, at most {@code max} JIDs. */
  record ListActivity(boolean idle, int max) implements AdminOperation {}

  /** set-welcome: the message each new account of the domain gets becomes {@code text}. */
  record SetWelcome(String text) implements AdminOperation {}

  /** delete-welcome. */
  record DeleteWelcome() implements AdminOperation {}
}
