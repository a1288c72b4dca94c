package io.switchboard.sharding.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The XEP-0050 sessions waiting for their form, on this node: bounded in number (all, and per
 * requester) and in time. Ids are random and unguessable, and a session answers only the full JID
 * that opened it. Thread-safe.
 *
 * <p>Kept on one node on purpose: a client's IQs to the server's domain go from its stream to its
 * own account's entity, which routes them to the server handler of the node the entity lives on,
 * so every stage of one session reaches the same node while that entity stays put. If it moves
 * (rebalance, failover) the next stage gets {@code bad-sessionid} and the admin starts again;
 * nothing was done yet, since every command acts only on its last stage.
 */
final class CommandSessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One open session: its command, who opened it, until when it lives. */
  record Session(String id, AdminCommand command, String owner, Instant expires) {}

  /** What the table knows of a session id for a requester. */
  sealed interface Lookup {
    record Found(Session session) implements Lookup {}

    enum Unknown implements Lookup { INSTANCE }

    enum Expired implements Lookup { INSTANCE }
  }

  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final int max;
  private final int maxPerOwner;
  private final Duration timeout;
  private final Clock clock;

  CommandSessions(int max, int maxPerOwner, Duration timeout, Clock clock) {
    this.max = max;
    this.maxPerOwner = maxPerOwner;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** A new session of {@code command} for {@code owner}; empty when the limits are reached. */
  synchronized Optional<Session> open(AdminCommand command, String owner) {
    purge();
    long mine = sessions.values().stream().filter(s -> s.owner().equals(owner)).count();
    if (sessions.size() >= max || mine >= maxPerOwner) {
      return Optional.empty();
    }
    Session s = new Session(newId(), command, owner, clock.instant().plus(timeout));
    sessions.put(s.id(), s);
    return Optional.of(s);
  }

  /** Session {@code id} as {@code owner} sees it (another owner's session is unknown to it). */
  synchronized Lookup lookup(String id, String owner) {
    Session s = sessions.get(id);
    if (s == null || !s.owner().equals(owner)) {
      return Lookup.Unknown.INSTANCE;
    }
    if (!clock.instant().isBefore(s.expires())) {
      sessions.remove(id);
      return Lookup.Expired.INSTANCE;
    }
    return new Lookup.Found(s);
  }

  /** The session is over (completed or canceled). */
  synchronized void close(String id) {
    sessions.remove(id);
  }

  synchronized int size() {
    return sessions.size();
  }

  /** A fresh id for a reply that opens no session (a one-stage command). */
  static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private void purge() {
    Instant now = clock.instant();
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expires())) {
        it.remove();
      }
    }
  }
}
