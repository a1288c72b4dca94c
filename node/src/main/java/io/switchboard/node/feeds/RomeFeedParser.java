package io.switchboard.node.feeds;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.feed.FeedDocument;
import io.switchboard.sharding.feed.FeedEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * RSS 0.90/0.91/0.92/0.93/0.94/1.0/2.0 and Atom 0.3/1.0 to {@link FeedDocument}s, with ROME.
 * Every entry becomes an Atom 1.0 {@code <entry/>} (RSS items converted): id, title, links,
 * dates, authors, categories, summary, content, enclosures. The item id is the entry's id (Atom)
 * or guid (RSS; ROME's {@code uri}), else its link, else a digest of its title and summary:
 * stable across fetches of the same entry. Long ids (over 512 characters) become a digest.
 *
 * <p>Security: DOCTYPE declarations are refused (ROME's {@code allowDoctypes = false} makes the
 * SAX parser reject any DTD, so no entity, internal or external, is ever expanded: no XXE, no
 * "billion laughs"); the body is already bounded by the fetcher.
 */
public final class RomeFeedParser {
  static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final int MAX_ID = 512;

  private final int maxEntryBytes;

  /** {@code maxEntryBytes}: an entry larger than this loses its content (summary kept). */
  public RomeFeedParser(int maxEntryBytes) {
    this.maxEntryBytes = maxEntryBytes;
  }

  /** Why a body is not a feed: one line, for the feed's status. */
  public static final class NotAFeed extends Exception {
    private static final long serialVersionUID = 1L;

    NotAFeed(String message) {
      super(message, null, false, false);
    }
  }

  public FeedDocument parse(byte[] body, String contentType) throws NotAFeed {
    SyndFeed feed;
    try {
      SyndFeedInput input = new SyndFeedInput(false, Locale.ROOT);
      input.setAllowDoctypes(false);
      XmlReader reader = contentType == null
          ? new XmlReader(new ByteArrayInputStream(body), true, "UTF-8")
          : new XmlReader(new ByteArrayInputStream(body), contentType, true, "UTF-8");
      feed = input.build(reader);
    } catch (FeedException | IOException | IllegalArgumentException e) {
      throw new NotAFeed("not a feed: " + oneLine(e));
    }
    List<FeedEntry> entries = new ArrayList<>();
    for (SyndEntry e : feed.getEntries()) {
      XmlElement payload = atomEntry(e, true);
      if (payload.toXml().length() > maxEntryBytes) {
        payload = atomEntry(e, false);
      }
      entries.add(new FeedEntry(itemId(e), payload, digest(payload.toXml())));
    }
    String hub = null;
    String self = null;
    for (SyndLink l : feed.getLinks()) {
      if ("hub".equals(l.getRel()) && hub == null) {
        hub = l.getHref();
      } else if ("self".equals(l.getRel()) && self == null) {
        self = l.getHref();
      }
    }
    // RSS 2.0 carries them as atom:link elements, which ROME keeps as foreign markup.
    for (org.jdom2.Element el : feed.getForeignMarkup()) {
      if ("link".equals(el.getName()) && ATOM.equals(el.getNamespaceURI())) {
        String rel = el.getAttributeValue("rel");
        if ("hub".equals(rel) && hub == null) {
          hub = el.getAttributeValue("href");
        } else if ("self".equals(rel) && self == null) {
          self = el.getAttributeValue("href");
        }
      }
    }
    return new FeedDocument(entries, hub, self);
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceAll("\\s+", " ").trim();
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }

  static String itemId(SyndEntry e) {
    String id = nonEmpty(e.getUri());
    if (id == null) {
      id = nonEmpty(e.getLink());
    }
    if (id == null) {
      id = "sha256:" + digest(nullToEmpty(e.getTitle()) + "\n"
          + (e.getDescription() == null ? "" : nullToEmpty(e.getDescription().getValue())));
    }
    return id.length() > MAX_ID ? "sha256:" + digest(id) : id;
  }

  static XmlElement atomEntry(SyndEntry e, boolean withContent) {
    XmlElement.Builder b = XmlElement.builder("entry", ATOM);
    b.child(text("id", itemId(e)));
    if (e.getTitle() != null) {
      b.child(XmlElement.builder("title", ATOM).attr("type", "text").text(e.getTitle().trim()));
    }
    String link = nonEmpty(e.getLink());
    boolean alternate = false;
    for (SyndLink l : e.getLinks()) {
      if (nonEmpty(l.getHref()) == null) {
        continue;
      }
      String rel = l.getRel() == null ? "alternate" : l.getRel();
      alternate |= rel.equals("alternate");
      b.child(XmlElement.builder("link", ATOM).attr("rel", rel).attr("href", l.getHref())
          .attr("type", nonEmpty(l.getType())));
    }
    if (!alternate && link != null) {
      b.child(XmlElement.builder("link", ATOM).attr("rel", "alternate").attr("href", link));
    }
    for (SyndEnclosure enc : e.getEnclosures()) {
      if (nonEmpty(enc.getUrl()) != null) {
        b.child(XmlElement.builder("link", ATOM).attr("rel", "enclosure").attr("href", enc.getUrl())
            .attr("type", nonEmpty(enc.getType()))
            .attr("length", enc.getLength() > 0 ? Long.toString(enc.getLength()) : null));
      }
    }
    if (e.getPublishedDate() != null) {
      b.child(text("published", iso(e.getPublishedDate())));
    }
    Date updated = e.getUpdatedDate() != null ? e.getUpdatedDate() : e.getPublishedDate();
    if (updated != null) {
      b.child(text("updated", iso(updated)));
    }
    List<SyndPerson> authors = e.getAuthors();
    if (authors.isEmpty() && nonEmpty(e.getAuthor()) != null) {
      b.child(XmlElement.builder("author", ATOM).child(text("name", e.getAuthor())));
    }
    for (SyndPerson p : authors) {
      XmlElement.Builder a = XmlElement.builder("author", ATOM)
          .child(text("name", p.getName() == null ? "" : p.getName()));
      if (nonEmpty(p.getEmail()) != null) {
        a.child(text("email", p.getEmail()));
      }
      if (nonEmpty(p.getUri()) != null) {
        a.child(text("uri", p.getUri()));
      }
      b.child(a);
    }
    for (SyndCategory c : e.getCategories()) {
      if (nonEmpty(c.getName()) != null) {
        b.child(XmlElement.builder("category", ATOM).attr("term", c.getName())
            .attr("scheme", nonEmpty(c.getTaxonomyUri())));
      }
    }
    if (e.getDescription() != null && nonEmpty(e.getDescription().getValue()) != null) {
      b.child(content("summary", e.getDescription()));
    }
    if (withContent) {
      for (SyndContent c : e.getContents()) {
        if (nonEmpty(c.getValue()) != null) {
          b.child(content("content", c));
          break;
        }
      }
    }
    return b.build();
  }

  private static XmlElement content(String name, SyndContent c) {
    String type = c.getType() == null ? "text" : c.getType().toLowerCase(Locale.ROOT);
    return XmlElement.builder(name, ATOM).attr("type", type.contains("html") ? "html" : "text")
        .text(c.getValue()).build();
  }

  private static XmlElement text(String name, String value) {
    return XmlElement.builder(name, ATOM).text(value).build();
  }

  private static String iso(Date d) {
    return DateTimeFormatter.ISO_INSTANT.format(d.toInstant());
  }

  private static String nonEmpty(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  static String digest(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
