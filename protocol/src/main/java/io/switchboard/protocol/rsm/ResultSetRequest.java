package io.switchboard.protocol.rsm;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;

/**
 * XEP-0059: what a requester asks of a result set: {@code <set xmlns='http://jabber.org/protocol/rsm'>}
 * with an optional page size, the page after or before an item (an empty {@code <before/>} asks
 * for the last page) and an index.
 *
 * @param max the page size asked for, or null for "the service's default"
 * @param after the page after this item, or null
 * @param before the page before this item; "" for the last page; null when absent
 * @param index the offset asked for, or null
 */
public record ResultSetRequest(Integer max, String after, String before, Integer index) {
  public static final String ELEMENT = "set";
  public static final String NAMESPACE = Namespaces.RSM;

  /** No {@code <set/>}: the service decides. */
  public static final ResultSetRequest NONE = new ResultSetRequest(null, null, null, null);

  /** Why a {@code <set/>} cannot be read. */
  public static final class Malformed extends Exception {
    public Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** The {@code <set/>} child of {@code parent}, read; {@link #NONE} when there is none. */
  public static ResultSetRequest in(XmlElement parent) throws Malformed {
    Optional<XmlElement> set = parent.child(ELEMENT, NAMESPACE);
    return set.isPresent() ? parse(set.get()) : NONE;
  }

  public static ResultSetRequest parse(XmlElement set) throws Malformed {
    Integer max = number(set, "max");
    Integer index = number(set, "index");
    String after = set.child("after", NAMESPACE).map(XmlElement::text).orElse(null);
    String before = set.child("before", NAMESPACE).map(XmlElement::text).orElse(null);
    if (after != null && after.isEmpty()) {
      throw new Malformed("empty <after/>");
    }
    return new ResultSetRequest(max, after, before, index);
  }

  private static Integer number(XmlElement set, String name) throws Malformed {
    Optional<XmlElement> e = set.child(name, NAMESPACE);
    if (e.isEmpty()) {
      return null;
    }
    try {
      int n = Integer.parseInt(e.get().text().trim());
      if (n < 0) {
        throw new Malformed("negative <" + name + "/>");
      }
      return n;
    } catch (NumberFormatException ex) {
      throw new Malformed("<" + name + "/> is not a number");
    }
  }

  /** Asks for the last page ({@code <before/>} empty). */
  public boolean lastPage() {
    return before != null && before.isEmpty();
  }

  /** The answer's {@code <set/>}: first (with its index when known), last and count when known. */
  public static XmlElement answer(String first, Integer firstIndex, String last, Integer count) {
    XmlElement.Builder set = XmlElement.builder(ELEMENT, NAMESPACE);
    if (first != null) {
      set.child(XmlElement.builder("first", NAMESPACE)
          .attr("index", firstIndex == null ? null : firstIndex.toString()).text(first));
      set.textChild("last", last);
    }
    if (count != null) {
      set.textChild("count", count.toString());
    }
    return set.build();
  }
}
