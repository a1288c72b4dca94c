package io.switchboard.persistence.account;

import org.jxmpp.jid.EntityBareJid;

/** {@link AccountStore#create} found the account already there. */
public final class AccountExistsException extends RuntimeException {
  private final transient EntityBareJid user;

  public AccountExistsException(EntityBareJid user) {
    super("account " + user + " already exists");
    this.user = user;
  }

  public EntityBareJid user() {
    return user;
  }
}
