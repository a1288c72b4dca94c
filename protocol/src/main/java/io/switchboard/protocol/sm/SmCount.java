package io.switchboard.protocol.sm;

import java.util.OptionalLong;

/**
 * XEP-0198 §4: stanza counts ({@code h}) are unsigned 32-bit integers that wrap to zero.
 */
public final class SmCount {
  /** The modulus counts wrap at. */
  public static final long MOD = 1L << 32;

  private SmCount() {}

  /** The value of an {@code h} attribute; empty when missing, not a number or out of range. */
  public static OptionalLong parse(String h) {
    if (h == null) {
      return OptionalLong.empty();
    }
    try {
      long v = Long.parseLong(h);
      return v < 0 || v >= MOD ? OptionalLong.empty() : OptionalLong.of(v);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** How many stanzas lie between count {@code from} and count {@code to}, modulo 2^32. */
  public static long between(long from, long to) {
    return Math.floorMod(to - from, MOD);
  }
}
