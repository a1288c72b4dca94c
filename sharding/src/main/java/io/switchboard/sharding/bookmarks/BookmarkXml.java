package io.switchboard.sharding.bookmarks;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two bookmark formats and the difference between two lists, as pure functions: XEP-0048's
 * {@code <storage xmlns='storage:bookmarks'>} (in private XML, or the single item of the PEP node
 * {@code storage:bookmarks}) and XEP-0402's items of {@code urn:xmpp:bookmarks:1}.
 */
final class BookmarkXml {
  private BookmarkXml() {}

  /** What a change from one list to another publishes and retracts on {@code urn:xmpp:bookmarks:1}. */
  record Diff(List<Bookmark> publish, List<String> retract) {
    boolean isEmpty() {
      return publish.isEmpty() && retract.isEmpty();
    }
  }

  /** The conferences of a {@code <storage/>} (the last one wins for a repeated JID; entries without a JID are skipped). */
  static List<Bookmark> fromStorage(XmlElement storage) {
    Map<String, Bookmark> out = new LinkedHashMap<>();
    if (storage == null) {
      return List.of();
    }
    for (XmlElement c : storage.elements("conference", Namespaces.BOOKMARKS)) {
      String jid = c.attr("jid");
      if (jid == null || jid.isBlank()) {
        continue;
      }
      out.put(jid.trim(), new Bookmark(jid.trim(), c.attr("name"), isTrue(c.attr("autojoin")),
          c.childText("nick", Namespaces.BOOKMARKS).orElse(null),
          c.childText("password", Namespaces.BOOKMARKS).orElse(null), null));
    }
    return List.copyOf(out.values());
  }

  /** The {@code <url/>} entries of a {@code <storage/>} (XEP-0402 has no place for them; they stay in private XML). */
  static List<XmlElement> urls(XmlElement storage) {
    return storage == null ? List.of() : storage.elements("url", Namespaces.BOOKMARKS);
  }

  /** A {@code <storage/>} holding {@code bookmarks}, then {@code urls}. */
  static XmlElement toStorage(List<Bookmark> bookmarks, List<XmlElement> urls) {
    XmlElement.Builder s = XmlElement.builder("storage", Namespaces.BOOKMARKS);
    for (Bookmark b : bookmarks) {
      XmlElement.Builder c = XmlElement.builder("conference", Namespaces.BOOKMARKS).attr("jid", b.jid())
          .attr("name", b.name()).attr("autojoin", b.autojoin() ? "true" : "false");
      if (b.nick() != null) {
        c.textChild("nick", b.nick());
      }
      if (b.password() != null) {
        c.textChild("password", b.password());
      }
      s.child(c);
    }
    urls.forEach(s::child);
    return s.build();
  }

  /** The bookmark an {@code <item id='room'>} of {@code urn:xmpp:bookmarks:1} holds (null when it holds none). */
  static Bookmark fromItem(XmlElement item) {
    String jid = item.attr("id");
    XmlElement c = item.child("conference", Namespaces.BOOKMARKS2).orElse(null);
    if (jid == null || jid.isBlank() || c == null) {
      return null;
    }
    return new Bookmark(jid, c.attr("name"), isTrue(c.attr("autojoin")),
        c.childText("nick", Namespaces.BOOKMARKS2).orElse(null),
        c.childText("password", Namespaces.BOOKMARKS2).orElse(null),
        c.child("extensions", Namespaces.BOOKMARKS2).orElse(null));
  }

  static List<Bookmark> fromItems(List<XmlElement> items) {
    List<Bookmark> out = new ArrayList<>();
    for (XmlElement i : items) {
      Bookmark b = fromItem(i);
      if (b != null) {
        out.add(b);
      }
    }
    return out;
  }

  /** The {@code <conference xmlns='urn:xmpp:bookmarks:1'/>} payload of a bookmark's item. */
  static XmlElement toItemPayload(Bookmark b) {
    XmlElement.Builder c = XmlElement.builder("conference", Namespaces.BOOKMARKS2).attr("name", b.name())
        .attr("autojoin", b.autojoin() ? "true" : "false");
    if (b.nick() != null) {
      c.textChild("nick", b.nick());
    }
    if (b.password() != null) {
      c.textChild("password", b.password());
    }
    if (b.extensions() != null) {
      c.child(b.extensions());
    }
    return c.build();
  }

  /**
   * From the bookmarks {@code current}ly published to those {@code wanted}: each new or changed
   * one is published (keeping the extensions it had), each one no longer wanted retracted, and
   * nothing is sent for those unchanged (XEP-0402 §5.3.2: no notifications for unchanged items).
   */
  static Diff diff(List<Bookmark> current, List<Bookmark> wanted) {
    Map<String, Bookmark> now = new LinkedHashMap<>();
    current.forEach(b -> now.put(b.jid(), b));
    List<Bookmark> publish = new ArrayList<>();
    Map<String, Bookmark> keep = new LinkedHashMap<>();
    for (Bookmark w : wanted) {
      keep.put(w.jid(), w);
    }
    for (Bookmark w : keep.values()) {
      Bookmark had = now.get(w.jid());
      if (had == null) {
        publish.add(w);
      } else if (!had.sameAs(w)) {
        publish.add(w.extensions() == null ? w.withExtensions(had.extensions()) : w);
      }
    }
    List<String> retract = now.keySet().stream().filter(jid -> !keep.containsKey(jid)).toList();
    return new Diff(List.copyOf(publish), retract);
  }

  /** Only the additions: the {@code wanted} bookmarks not yet published at all (a migration merges, never removes). */
  static List<Bookmark> missing(List<Bookmark> current, List<Bookmark> wanted) {
    List<String> have = current.stream().map(Bookmark::jid).toList();
    return wanted.stream().filter(w -> !have.contains(w.jid())).toList();
  }

  /** XML Schema's boolean (XEP-0402 §3: "true" or "1"). */
  static boolean isTrue(String value) {
    return value != null && (value.trim().equals("true") || value.trim().equals("1"));
  }
}
