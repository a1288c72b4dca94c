package io.switchboard.sharding.session.sm;

import io.switchboard.sharding.session.UserSession;

/** What XEP-0198 resumption persists, so a session survives the node of its stream. */
public sealed interface ParkEvent extends UserSession.Event {

  /** The stream of {@code resource} dropped; the session waits to be resumed. */
  record ResourceParked(String resource, ParkedResource parked) implements ParkEvent {}

  /** The parked {@code resource} was resumed by a connection on {@code node}. */
  record ResourceResumed(String resource, String node) implements ParkEvent {}
}
