package io.switchboard.persistence.archive;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Version-1 (time-based) UUIDs whose timestamp is a given instant, so that a range of archive ids
 * is a range of message stamps. Within one millisecond the 100-ns part counts up per JVM (ids of
 * one JVM sort in call order); the random clock-sequence/node half keeps ids of different nodes
 * apart.
 */
final class TimeUuids {
  /** 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
  private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;
  private static final AtomicLong LAST = new AtomicLong();
  private static final SecureRandom RANDOM = new SecureRandom();

  private TimeUuids() {}

  static UUID at(Instant stamp) {
    long base = stamp.toEpochMilli() * 10_000 + UUID_EPOCH_OFFSET;
    long t = LAST.updateAndGet(prev -> prev >= base && prev < base + 9_999 ? prev + 1 : base);
    long msb = (t << 32) // time_low
        | ((t & 0xFFFF_0000_0000L) >>> 16) // time_mid
        | 0x1000L // version 1
        | ((t >>> 48) & 0x0FFFL); // time_hi
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
    return new UUID(msb, lsb);
  }

  /** The instant of a time-based UUID, to the millisecond. */
  static Instant instantOf(UUID id) {
    return Instant.ofEpochMilli((id.timestamp() - UUID_EPOCH_OFFSET) / 10_000);
  }
}
