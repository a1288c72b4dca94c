package io.switchboard.protocol.xml;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The attributes of an {@link XmlElement}: an immutable map in document order, held as one array
 * of alternating names and values. Elements have a handful of attributes, so a look-up scans the
 * array; what it saves is memory. An element used to hold its attributes in a
 * {@code LinkedHashMap} behind an unmodifiable view (about 200 bytes for two attributes, 80 for
 * none), and a node keeps several elements per idle session (the stored presences) besides the
 * ones every routed stanza allocates. Here two attributes take 48 bytes and none take nothing
 * (one shared empty instance).
 */
final class Attributes extends AbstractMap<String, String> {
  private static final Attributes EMPTY = new Attributes(new String[0]);

  /** Names at even indexes, each followed by its value. */
  private final String[] pairs;

  private Attributes(String[] pairs) {
    this.pairs = pairs;
  }

  /**
   * An immutable copy in the map's iteration order; an {@code Attributes} is returned as is.
   *
   * @throws IllegalArgumentException for a key {@link XmlNames#isAttributeKey} refuses
   */
  static Map<String, String> copyOf(Map<String, String> source) {
    if (source instanceof Attributes a) {
      return a;
    }
    if (source.isEmpty()) {
      return EMPTY;
    }
    String[] pairs = new String[source.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : source.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "attribute name");
      if (!XmlNames.isAttributeKey(key)) {
        throw new IllegalArgumentException("not an attribute key of the element model: " + key);
      }
      pairs[i++] = key;
      pairs[i++] = Objects.requireNonNull(e.getValue(), "attribute value");
    }
    return new Attributes(pairs);
  }

  @Override
  public int size() {
    return pairs.length / 2;
  }

  @Override
  public boolean isEmpty() {
    return pairs.length == 0;
  }

  private int indexOf(Object name) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public String get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : pairs[i + 1];
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return pairs.length / 2;
      }

      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < pairs.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= pairs.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, String> e = new SimpleImmutableEntry<>(pairs[next], pairs[next + 1]);
            next += 2;
            return e;
          }
        };
      }
    };
  }
}
