package io.switchboard.sharding.mam;

import io.switchboard.sharding.session.UserSession;

/** What XEP-0313/XEP-0441 persist in the account's journal. */
public sealed interface MamEvent extends UserSession.Event {

  /** The account set its archiving preferences. */
  record MamPreferencesSet(MamPreferences preferences) implements MamEvent {}
}
