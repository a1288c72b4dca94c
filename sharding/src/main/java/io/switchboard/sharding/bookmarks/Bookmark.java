package io.switchboard.sharding.bookmarks;

import java.util.Objects;

/**
 * One chat-room bookmark as both formats hold it: XEP-0048's {@code <conference jid=.../>} in a
 * {@code storage:bookmarks} list, and XEP-0402's item {@code jid} of {@code urn:xmpp:bookmarks:1}.
 *
 * @param jid the room
 * @param name the friendly name, or null
 * @param autojoin whether clients join it at login
 * @param nick the preferred nickname, or null
 * @param password the room password, or null
 * @param extensions XEP-0402's {@code <extensions/>} (clients' own data), or null; XEP-0048 has no
 *     place for it, so a bookmark rewritten by a XEP-0048 client keeps the one it had
 */
record Bookmark(String jid, String name, boolean autojoin, String nick, String password,
    io.switchboard.protocol.xml.XmlElement extensions) {

  Bookmark {
    Objects.requireNonNull(jid, "jid");
  }

  /** Whether both say the same in what XEP-0048 can express (extensions aside). */
  boolean sameAs(Bookmark other) {
    return jid.equals(other.jid) && Objects.equals(name, other.name) && autojoin == other.autojoin
        && Objects.equals(nick, other.nick) && Objects.equals(password, other.password);
  }

  Bookmark withExtensions(io.switchboard.protocol.xml.XmlElement e) {
    return new Bookmark(jid, name, autojoin, nick, password, e);
  }
}
