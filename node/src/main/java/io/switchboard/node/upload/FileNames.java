package io.switchboard.node.upload;

import java.nio.charset.StandardCharsets;

/**
 * File names in upload URLs. XEP-0363 §4: the service SHOULD keep the name, and especially its
 * ending, intact; so a name is only made safe (no path separators, no control characters, at most
 * {@value #MAX_BYTES} bytes of UTF-8 with the extension kept) and percent-encoded as one path
 * segment (RFC 3986: everything but unreserved characters).
 */
final class FileNames {
  static final int MAX_BYTES = 200;

  private FileNames() {}

  /** The name as it appears (decoded) in the URLs. */
  static String sanitize(String requested) {
    StringBuilder b = new StringBuilder();
    requested.codePoints().forEach(cp -> {
      if (cp == '/' || cp == '\\') {
        b.append('_');
      } else if (!Character.isISOControl(cp) && Character.isDefined(cp) && cp != 0x2028 && cp != 0x2029) {
        b.appendCodePoint(cp);
      }
    });
    String name = b.toString().strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return "file";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
    String stem = ext.isEmpty() ? name : name.substring(0, dot);
    while (!stem.isEmpty() && (stem + ext).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
    }
    return stem.isEmpty() ? "file" + ext : stem + ext;
  }

  /** {@code name} as one percent-encoded path segment. */
  static String encode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
          || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
