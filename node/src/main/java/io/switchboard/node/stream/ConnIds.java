package io.switchboard.node.stream;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A client connection's id in log lines (the MDC's {@code conn}, see
 * {@link io.switchboard.sharding.trace.Trace}): 16 hex digits, random, chosen when the stream
 * starts. Its connection actor is named after it ({@code c2s-<id>-<n>}), so the actor's own lines
 * (and Pekko's, whose {@code pekkoSource} is the actor's path) carry it without a field of their
 * own. Not a secret: neither the XEP-0198 id nor the stream id the client sees.
 */
final class ConnIds {
  private static final String PREFIX = "c2s-";
  private static final int LENGTH = 16;
  /** Tells apart the actors of one stream (a failed resumption, then a bind). */
  private static final AtomicLong SPAWNED = new AtomicLong();

  private ConnIds() {}

  /** A new connection id. */
  static long next() {
    return ThreadLocalRandom.current().nextLong();
  }

  /** The id as logged. */
  static String format(long id) {
    String hex = Long.toHexString(id);
    return "0".repeat(LENGTH - hex.length()) + hex;
  }

  /** A name for a new actor of connection {@code id}, unique in this JVM. */
  static String actorName(long id) {
    return PREFIX + format(id) + "-" + Long.toString(SPAWNED.incrementAndGet(), 36);
  }

  /** The connection id of the actor {@code ref} (named by {@link #actorName}), else its name. */
  static String ofActor(ActorRef<?> ref) {
    return ofName(ref.path().name());
  }

  /** The connection id in an actor name made by {@link #actorName}, else the name. */
  static String ofName(String name) {
    return name.startsWith(PREFIX) && name.length() > PREFIX.length() + LENGTH
        ? name.substring(PREFIX.length(), PREFIX.length() + LENGTH) : name;
  }
}
