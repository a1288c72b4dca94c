package io.switchboard.sharding.push;

import io.switchboard.sharding.session.UserSession;

/** What XEP-0357 persists in the account's journal. */
public sealed interface PushEvent extends UserSession.Event {

  /** A client enabled notifications to a service and node (replacing the same pair's options). */
  record PushEnabled(PushRegistration registration) implements PushEvent {}

  /**
   * Notifications to service {@code jid} stopped: for {@code node}, or every node when null (the
   * client disabled them, or the service answered a publish with an error).
   */
  record PushDisabled(String jid, String node) implements PushEvent {}
}
