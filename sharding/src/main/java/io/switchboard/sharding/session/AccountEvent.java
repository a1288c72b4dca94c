package io.switchboard.sharding.session;

import java.time.Instant;

/** Which incarnation of the account the persisted state belongs to (see {@link AccountCheck}). */
public sealed interface AccountEvent extends UserSession.Event {

  /**
   * The account was created again under this name at {@code createdAt}: everything persisted for
   * the previous owner is forgotten.
   */
  record AccountIncarnationStarted(Instant createdAt) implements AccountEvent {}

  /**
   * The state, persisted before incarnations were recorded, belongs to the account created at
   * {@code createdAt}.
   */
  record AccountIncarnationAdopted(Instant createdAt) implements AccountEvent {}

  /** The account was deleted: everything persisted is forgotten. */
  enum AccountRemoved implements AccountEvent {
    INSTANCE
  }
}
