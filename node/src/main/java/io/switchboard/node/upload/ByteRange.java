package io.switchboard.node.upload;

import java.util.Optional;

/**
 * One byte range of a GET (RFC 9110 §14.1.2): {@code bytes=a-b}, {@code bytes=a-} or
 * {@code bytes=-n}, resolved against the file's size. Several ranges, other units and malformed
 * headers are ignored (the whole file is served, as RFC 9110 allows); a range that starts beyond
 * the end is unsatisfiable (416).
 *
 * @param from the first byte
 * @param to one past the last byte
 */
record ByteRange(long from, long to) {

  /** What a {@code Range} header asks of a file of {@code size} bytes. */
  sealed interface Request {}

  /** Serve the whole file (no header, or one that is ignored). */
  enum Whole implements Request { INSTANCE }

  /** Serve this part (206). */
  record Part(ByteRange range) implements Request {}

  /** Nothing of it exists (416). */
  enum Unsatisfiable implements Request { INSTANCE }

  long length() {
    return to - from;
  }

  static Request parse(Optional<String> header, long size) {
    if (header.isEmpty()) {
      return Whole.INSTANCE;
    }
    String h = header.get().trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
      return Whole.INSTANCE;
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Whole.INSTANCE;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0) {
          return Unsatisfiable.INSTANCE;
        }
        return size == 0 ? Unsatisfiable.INSTANCE : new Part(new ByteRange(Math.max(0, size - suffix), size));
      }
      long from = Long.parseLong(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
      if (from < 0 || last < from) {
        return Whole.INSTANCE;
      }
      if (from >= size) {
        return Unsatisfiable.INSTANCE;
      }
      return new Part(new ByteRange(from, Math.min(last, size - 1) + 1));
    } catch (NumberFormatException e) {
      return Whole.INSTANCE;
    }
  }
}
