package io.switchboard.node.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.feed.FeedDocument;
import io.switchboard.sharding.feed.FeedEntry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RSS 0.91, 1.0, 2.0 and Atom 1.0 to Atom entries; DTDs and entities refused. */
class RomeFeedParserTest {
  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private final RomeFeedParser parser = new RomeFeedParser(64 * 1024);

  private FeedDocument parse(String xml) throws Exception {
    return parser.parse(xml.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void parse_rss20_guidIsTheIdAndTheItemBecomesAnAtomEntry() throws Exception {
    FeedDocument doc = parse("""
        <?xml version="1.0"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
        <link>http://example.com/</link><description>D</description>
        <atom:link rel="hub" href="https://hub.example.net/"/>
        <atom:link rel="self" href="https://example.com/rss.xml"/>
        <item><title>Two</title><link>http://example.com/2</link><guid>urn:2</guid>
          <description>&lt;b&gt;bold&lt;/b&gt;</description><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
          <enclosure url="http://example.com/2.mp3" length="123" type="audio/mpeg"/></item>
        <item><title>One</title><link>http://example.com/1</link></item>
        </channel></rss>""");
    assertThat(doc.hub()).isEqualTo("https://hub.example.net/");
    assertThat(doc.self()).isEqualTo("https://example.com/rss.xml");
    assertThat(doc.entries()).extracting(FeedEntry::id).containsExactly("urn:2", "http://example.com/1");
    XmlElement entry = doc.entries().get(0).payload();
    assertThat(entry.is("entry", ATOM)).isTrue();
    assertThat(entry.childText("id", ATOM)).contains("urn:2");
    assertThat(entry.childText("title", ATOM)).contains("Two");
    assertThat(entry.childText("updated", ATOM)).contains("2026-12-01T10:00:00Z");
    assertThat(entry.child("summary", ATOM).orElseThrow().attr("type")).isEqualTo("html");
    assertThat(entry.childText("summary", ATOM)).contains("<b>bold</b>");
    assertThat(entry.toXml()).contains("rel=\"enclosure\"").contains("http://example.com/2.mp3");
  }

  @Test
  void parse_sameDocumentTwice_sameIdsAndDigests_changedEntryNewDigest() throws Exception {
    String v1 = "<rss version=\"2.0\"><channel><title>T</title><link>http://x/</link><description>d</description>"
        + "<item><title>A</title><guid>urn:a</guid></item></channel></rss>";
    FeedEntry first = parse(v1).entries().get(0);
    FeedEntry again = parse(v1).entries().get(0);
    FeedEntry changed = parse(v1.replace("<title>A</title>", "<title>A2</title>")).entries().get(0);
    assertThat(again).isEqualTo(first);
    assertThat(changed.id()).isEqualTo(first.id());
    assertThat(changed.hash()).isNotEqualTo(first.hash());
  }

  @Test
  void parse_atom10_idContentAndLinks() throws Exception {
    FeedDocument doc = parse("""
        <feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><id>urn:f</id><updated>2026-12-01T10:00:00Z</updated>
        <link rel="hub" href="https://hub.example.net/"/>
        <entry><id>tag:example.com,2026:1</id><title>E1</title><updated>2026-12-01T11:00:00Z</updated>
          <author><name>Ann</name></author><link href="https://example.com/e1"/>
          <content type="html">&lt;p&gt;hi&lt;/p&gt;</content></entry>
        </feed>""");
    assertThat(doc.hub()).isEqualTo("https://hub.example.net/");
    FeedEntry e = doc.entries().get(0);
    assertThat(e.id()).isEqualTo("tag:example.com,2026:1");
    assertThat(e.payload().toXml()).contains("<name>Ann</name>").contains("https://example.com/e1")
        .contains("&lt;p&gt;hi&lt;/p&gt;");
  }

  @Test
  void parse_rss10AndRss091() throws Exception {
    FeedDocument rdf = parse("""
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <channel rdf:about="http://example.com/"><title>T</title><link>http://example.com/</link><description>d</description></channel>
        <item rdf:about="http://example.com/r1"><title>R1</title><link>http://example.com/r1</link></item>
        </rdf:RDF>""");
    assertThat(rdf.entries()).extracting(FeedEntry::id).containsExactly("http://example.com/r1");
    FeedDocument old = parse("""
        <rss version="0.91"><channel><title>T</title><link>http://example.com/</link><description>d</description>
        <language>en</language><item><title>Old</title><link>http://example.com/old</link></item></channel></rss>""");
    assertThat(old.entries()).extracting(FeedEntry::id).containsExactly("http://example.com/old");
  }

  @Test
  void parse_xxeOrAnyDoctype_refusedWithoutReadingTheEntity() {
    assertThatThrownBy(() -> parse("""
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <rss version="2.0"><channel><title>&xxe;</title><link>http://x/</link><description>d</description></channel></rss>"""))
        .isInstanceOf(RomeFeedParser.NotAFeed.class)
        .hasMessageContaining("DOCTYPE")
        .hasMessageNotContaining("root:");
    assertThatThrownBy(() -> parse("""
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <rss version="2.0"><channel><title>&lol2;</title></channel></rss>"""))
        .isInstanceOf(RomeFeedParser.NotAFeed.class);
  }

  @Test
  void parse_malformedOrNotAFeed_refused() {
    assertThatThrownBy(() -> parse("<rss version=\"2.0\"><channel><title>x</title>"))
        .isInstanceOf(RomeFeedParser.NotAFeed.class);
    assertThatThrownBy(() -> parse("<html><body>hello</body></html>"))
        .isInstanceOf(RomeFeedParser.NotAFeed.class);
  }

  @Test
  void parse_entryLargerThanTheLimit_keepsItsSummaryWithoutContent() throws Exception {
    RomeFeedParser small = new RomeFeedParser(2048);
    String big = "x".repeat(5000);
    FeedDocument doc = small.parse(("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title><id>urn:f</id>"
        + "<updated>2026-12-01T10:00:00Z</updated><entry><id>urn:big</id><title>Big</title>"
        + "<updated>2026-12-01T10:00:00Z</updated><summary>short</summary><content>" + big + "</content></entry></feed>")
        .getBytes(StandardCharsets.UTF_8), "application/atom+xml");
    String xml = doc.entries().get(0).payload().toXml();
    assertThat(xml).contains("short").doesNotContain(big);
  }
}
