package io.switchboard.persistence.account;

import org.jxmpp.jid.EntityBareJid;

/** The account to delete or change does not exist. */
public final class AccountNotFoundException extends RuntimeException {
  private final transient EntityBareJid user;

  public AccountNotFoundException(EntityBareJid user) {
    super("account " + user + " does not exist");
    this.user = user;
  }

  public EntityBareJid user() {
    return user;
  }
}
