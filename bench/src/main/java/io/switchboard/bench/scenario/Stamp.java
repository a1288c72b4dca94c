package io.switchboard.bench.scenario;

/**
 * The send time carried in a message body or presence status: {@code sb:<epoch micros>;} followed
 * by padding. The receiver subtracts it from its own clock for end-to-end latency.
 */
public final class Stamp {
  static final String PREFIX = "sb:";

  private Stamp() {}

  /** The stamped text padded with 'x' to at least {@code size} characters. */
  public static String text(long micros, int size) {
    StringBuilder sb = new StringBuilder(Math.max(size, 24)).append(PREFIX).append(micros).append(';');
    while (sb.length() < size) {
      sb.append('x');
    }
    return sb.toString();
  }

  /** The stamp in {@code text}, or -1 when it carries none. */
  public static long parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      return -1;
    }
    long value = 0;
    int i = PREFIX.length();
    int digits = 0;
    for (; i < text.length() && digits < 19; i++, digits++) {
      char c = text.charAt(i);
      if (c == ';') {
        break;
      }
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return digits > 0 && i < text.length() && text.charAt(i) == ';' ? value : -1;
  }
}
