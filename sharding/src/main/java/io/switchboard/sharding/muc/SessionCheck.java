package io.switchboard.sharding.muc;

import java.util.concurrent.CompletionStage;

/**
 * Asks an occupant's own account whether one of its sessions is still in a room: the resource is
 * bound (or its stream is parked for XEP-0198 resumption) and it has not sent the room unavailable
 * presence. A room asks after a cluster member left or after it restarted itself, because an
 * occupant's leave may have died with a node (see {@link MucRoom}). The node implements it over
 * the accounts' entities.
 */
@FunctionalInterface
public interface SessionCheck {

  /**
   * Whether {@code fullJid} is still in {@code room}; fails (or times out) when the account's
   * entity cannot be asked, and then the room keeps the session.
   */
  CompletionStage<Boolean> stillIn(String fullJid, String room);
}
