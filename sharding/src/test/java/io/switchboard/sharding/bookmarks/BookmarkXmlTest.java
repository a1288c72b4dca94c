package io.switchboard.sharding.bookmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;

class BookmarkXmlTest {
  private static final String OLD = "storage:bookmarks";
  private static final String NEW = "urn:xmpp:bookmarks:1";

  private static XmlElement conference(String jid, String name, String autojoin, String nick) {
    XmlElement.Builder c = XmlElement.builder("conference", OLD).attr("jid", jid).attr("name", name)
        .attr("autojoin", autojoin);
    if (nick != null) {
      c.textChild("nick", nick);
    }
    return c.build();
  }

  @Test
  void fromStorage_readsConferences_skipsNoJid_lastRepeatWins() {
    XmlElement storage = XmlElement.builder("storage", OLD)
        .child(conference("a@muc.example.org", "A", "true", "al"))
        .child(conference(null, "no jid", "1", null))
        .child(conference("b@muc.example.org", "B", "0", null))
        .child(conference("a@muc.example.org", "A2", "1", null))
        .child(XmlElement.builder("url", OLD).attr("name", "site").attr("url", "https://example.org").build())
        .build();

    List<Bookmark> read = BookmarkXml.fromStorage(storage);

    assertThat(read).extracting(Bookmark::jid).containsExactly("a@muc.example.org", "b@muc.example.org");
    assertThat(read.get(0).name()).isEqualTo("A2");
    assertThat(read.get(0).autojoin()).isTrue();
    assertThat(read.get(0).nick()).isNull();
    assertThat(read.get(1).autojoin()).isFalse();
    assertThat(BookmarkXml.urls(storage)).hasSize(1);
    assertThat(BookmarkXml.fromStorage(null)).isEmpty();
  }

  @Test
  void storageToItemsAndBack_keepsWhatBothFormatsHold() {
    Bookmark b = new Bookmark("room@muc.example.org", "Room", true, "juliet", "secret", null);

    XmlElement item = XmlElement.builder("item", "http://jabber.org/protocol/pubsub").attr("id", b.jid())
        .child(BookmarkXml.toItemPayload(b)).build();
    Bookmark viaItem = BookmarkXml.fromItem(item);
    Bookmark viaStorage = BookmarkXml.fromStorage(BookmarkXml.toStorage(List.of(b), List.of())).get(0);

    assertThat(viaItem).isEqualTo(b);
    assertThat(viaStorage).isEqualTo(b);
    assertThat(item.child("conference", NEW).orElseThrow().childText("nick", NEW)).contains("juliet");
  }

  @Test
  void fromItem_withoutConference_isNull() {
    XmlElement item = XmlElement.builder("item", "http://jabber.org/protocol/pubsub").attr("id", "x@y").build();
    assertThat(BookmarkXml.fromItem(item)).isNull();
    assertThat(BookmarkXml.fromItems(List.of(item))).isEmpty();
  }

  @Test
  void diff_publishesNewAndChanged_retractsGone_keepsExtensions() {
    XmlElement ext = XmlElement.builder("extensions", NEW).child(XmlElement.of("state", "urn:example")).build();
    Bookmark kept = new Bookmark("k@muc", "K", false, null, null, null);
    Bookmark changedBefore = new Bookmark("c@muc", "C", false, null, null, ext);
    Bookmark changedAfter = new Bookmark("c@muc", "C", true, null, null, null);
    Bookmark gone = new Bookmark("g@muc", "G", false, null, null, null);
    Bookmark added = new Bookmark("n@muc", "N", true, "nick", null, null);

    BookmarkXml.Diff d = BookmarkXml.diff(List.of(kept, changedBefore, gone),
        List.of(new Bookmark("k@muc", "K", false, null, null, null), changedAfter, added));

    assertThat(d.publish()).extracting(Bookmark::jid).containsExactly("c@muc", "n@muc");
    assertThat(d.publish().get(0).extensions()).as("a XEP-0048 save keeps XEP-0402 extensions").isEqualTo(ext);
    assertThat(d.retract()).containsExactly("g@muc");
    assertThat(BookmarkXml.diff(List.of(kept), List.of(kept)).isEmpty()).isTrue();
  }

  @Test
  void missing_onlyAdds() {
    Bookmark a = new Bookmark("a@muc", null, false, null, null, null);
    Bookmark b = new Bookmark("b@muc", null, false, null, null, null);
    assertThat(BookmarkXml.missing(List.of(a), List.of(a, b))).containsExactly(b);
    assertThat(BookmarkXml.missing(List.of(a, b), List.of(a))).isEmpty();
  }

  @Test
  void isTrue_xmlSchemaBoolean() {
    assertThat(BookmarkXml.isTrue("true")).isTrue();
    assertThat(BookmarkXml.isTrue("1")).isTrue();
    assertThat(BookmarkXml.isTrue("false")).isFalse();
    assertThat(BookmarkXml.isTrue("yes")).isFalse();
    assertThat(BookmarkXml.isTrue(null)).isFalse();
  }
}
