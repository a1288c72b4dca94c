package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/**
 * One XEP-0059 page over an item list (newest first): {@code after}/{@code before} are item ids,
 * an empty {@code before} asks for the last page, {@code index} jumps to an offset.
 */
record RsmPage(List<Item> items, XmlElement set) {

  /** The page, or null when {@code after}/{@code before} names no item (item-not-found). */
  static RsmPage of(List<Item> all, PubSubRequest.Rsm rsm) {
    int size = all.size();
    int max = rsm.max() == null ? size : rsm.max();
    int start = 0;
    int end = size;
    if (rsm.after() != null) {
      int i = indexOf(all, rsm.after());
      if (i < 0) {
        return null;
      }
      start = i + 1;
    } else if (rsm.before() != null) {
      if (!rsm.before().isEmpty()) {
        end = indexOf(all, rsm.before());
        if (end < 0) {
          return null;
        }
      }
      start = Math.max(0, end - max);
    } else if (rsm.index() != null) {
      start = Math.min(rsm.index(), size);
    }
    int stop = Math.min(end, start + max);
    List<Item> page = all.subList(start, Math.max(start, stop));
    XmlElement.Builder set = XmlElement.builder("set", PubSubNamespaces.RSM);
    if (!page.isEmpty()) {
      set.child(XmlElement.builder("first", PubSubNamespaces.RSM)
          .attr("index", String.valueOf(start)).text(page.get(0).id()));
      set.textChild("last", page.get(page.size() - 1).id());
    }
    set.textChild("count", String.valueOf(size));
    return new RsmPage(List.copyOf(page), set.build());
  }

  private static int indexOf(List<Item> items, String id) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
