package io.switchboard.sharding.session;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids messages get in archives (XEP-0313 result ids, XEP-0359 stanza-ids): version-1
 * (time-based) UUIDs whose timestamp is when the server took the message, so an archive ordered
 * by id is ordered by time and a time range is a range of ids. Within one millisecond the 100-ns
 * part counts up in this JVM (ids made here sort in the order they were made); the other 62 bits
 * are random, so ids are unpredictable (XEP-0359 §4) and ids of different nodes never collide.
 */
public final class MessageIds {
  /** 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
  private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;
  private static final AtomicLong LAST = new AtomicLong();
  private static final SecureRandom RANDOM = new SecureRandom();

  private MessageIds() {}

  /** A new id stamped {@code epochMillis}. */
  public static UUID next(long epochMillis) {
    long base = epochMillis * 10_000 + UUID_EPOCH_OFFSET;
    long t = LAST.updateAndGet(prev -> prev >= base && prev < base + 9_999 ? prev + 1 : base);
    long msb = (t << 32) // time_low
        | ((t & 0xFFFF_0000_0000L) >>> 16) // time_mid
        | 0x1000L // version 1
        | ((t >>> 48) & 0x0FFFL); // time_hi
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
    return new UUID(msb, lsb);
  }

  /** When the message with this id was taken, to the millisecond. */
  public static Instant instantOf(UUID id) {
    return Instant.ofEpochMilli((id.timestamp() - UUID_EPOCH_OFFSET) / 10_000);
  }

  /** Whether {@code id} is one of these (a version-1 UUID). */
  public static boolean isMessageId(UUID id) {
    return id.version() == 1 && id.variant() == 2;
  }
}
