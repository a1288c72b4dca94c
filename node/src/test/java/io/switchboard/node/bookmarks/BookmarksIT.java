package io.switchboard.node.bookmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.DefaultPrefixAsNull;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.util.List;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * XEP-0402 bookmarks with their XEP-0048 views, end to end with Smack: Smack's
 * {@code BookmarkManager} (XEP-0048 in XEP-0049 private XML, as older clients keep bookmarks)
 * and a XEP-0402 client (raw pub-sub on {@code urn:xmpp:bookmarks:1}, as Conversations and Gajim
 * publish) see each other's bookmarks, connected to different nodes of the shared
 * {@link TwoNodeCluster}; the XEP-0048 PEP node reads as the same list. On the same cluster:
 * XEP-0215 external services from the configuration (Smack has no XEP-0215 API, so a raw IQ).
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class BookmarksIT {
  private static final String BOOKMARKS2 = "urn:xmpp:bookmarks:1";
  private static final String EXTDISCO = "urn:xmpp:extdisco:2";

  private static InProcessNode one;
  private static InProcessNode two;

  @BeforeAll
  static void accounts() {
    DefaultPrefixAsNull.install();
    one = TwoNodeCluster.first();
    two = TwoNodeCluster.second();
    for (String u : List.of("bm_alice", "bm_bob")) {
      one.node().persistence().accounts().create(Jids.bare(u + "@localhost"), u + "-pw").toCompletableFuture().join();
    }
  }

  @Test
  void privateXmlAndPep_sameBookmarks_bothWays() throws Exception {
    // Two clients of one account on different nodes: the conversion runs on the account's entity.
    XMPPTCPConnection legacy = SmackClients.connect(one, "bm_alice", "bm_alice-pw", "legacy");
    XMPPTCPConnection modern = SmackClients.connect(two, "bm_alice", "bm_alice-pw", "modern");
    try {
      Jid own = modern.getUser().asBareJid();
      DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(modern).discoverInfo(own);
      assertThat(info.containsFeature(BOOKMARKS2 + "#compat")).as("XEP-0402 §5.3 #compat announced").isTrue();

      // An XEP-0048 client saves through private XML: the XEP-0402 node gets the item.
      BookmarkManager.getBookmarkManager(legacy).addBookmarkedConference("Old room",
          JidCreate.entityBareFrom("old@muc.example.org"), true, Resourcepart.from("al"), null);
      String items = items(modern, own, BOOKMARKS2);
      assertThat(items).contains("old@muc.example.org").contains("Old room").contains(">al</nick>");

      // A XEP-0402 client publishes: a fresh XEP-0048 client reads both.
      modern.sendIqRequestAndWaitForResponse(new RawIq("pubsub", "http://jabber.org/protocol/pubsub", own, IQ.Type.set,
          "<publish node='" + BOOKMARKS2 + "'><item id='new@muc.example.org'>"
              + "<conference xmlns='" + BOOKMARKS2 + "' name='New room' autojoin='false'/></item></publish>"
              + publishOptions()));
      XMPPTCPConnection reader = SmackClients.connect(two, "bm_alice", "bm_alice-pw", "reader");
      try {
        List<BookmarkedConference> seen = BookmarkManager.getBookmarkManager(reader).getBookmarkedConferences();
        assertThat(seen).extracting(c -> c.getJid().toString())
            .containsExactlyInAnyOrder("old@muc.example.org", "new@muc.example.org");
        assertThat(seen).filteredOn(c -> c.getJid().toString().equals("old@muc.example.org"))
            .allSatisfy(c -> assertThat(c.isAutoJoin()).isTrue());

        // The XEP-0048 PEP node, never created, reads as the same list (XEP-0411).
        assertThat(items(modern, own, "storage:bookmarks")).contains("old@muc.example.org")
            .contains("new@muc.example.org");

        // A removal through private XML retracts the item.
        BookmarkManager.getBookmarkManager(reader).removeBookmarkedConference(
            JidCreate.entityBareFrom("old@muc.example.org"));
        String after = items(modern, own, BOOKMARKS2);
        assertThat(after).doesNotContain("old@muc.example.org").contains("new@muc.example.org");
      } finally {
        reader.disconnect();
      }
    } finally {
      legacy.disconnect();
      modern.disconnect();
    }
  }

  @Test
  void externalServices_listedWithTurnCredentials_featureOnDomain() throws Exception {
    XMPPTCPConnection bob = SmackClients.connect(two, "bm_bob", "bm_bob-pw", "call");
    try {
      Jid domain = JidCreate.domainBareFrom(two.domain());
      assertThat(ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(domain).containsFeature(EXTDISCO)).isTrue();
      String answer = bob.sendIqRequestAndWaitForResponse(
          new RawIq("services", EXTDISCO, domain, IQ.Type.get, "")).toXML().toString();
      assertThat(answer).contains("stun.example.org").contains("turn.example.org")
          .contains(":bm_bob@" + two.domain()).contains("password=");
    } finally {
      bob.disconnect();
    }
  }

  private static String items(XMPPTCPConnection c, Jid own, String nodeName) throws Exception {
    return c.sendIqRequestAndWaitForResponse(new RawIq("pubsub", "http://jabber.org/protocol/pubsub", own,
        IQ.Type.get, "<items node='" + nodeName + "'/>")).toXML().toString();
  }

  private static String publishOptions() {
    return "<publish-options><x xmlns='jabber:x:data' type='submit'>"
        + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
        + "<field var='pubsub#persist_items'><value>true</value></field>"
        + "<field var='pubsub#max_items'><value>max</value></field>"
        + "<field var='pubsub#send_last_published_item'><value>never</value></field>"
        + "<field var='pubsub#access_model'><value>whitelist</value></field>"
        + "</x></publish-options>";
  }

  /** An IQ with a literal child (Smack has no API for these requests). */
  private static final class RawIq extends IQ {
    private final String inner;

    RawIq(String element, String namespace, Jid to, Type type, String inner) {
      super(element, namespace);
      this.inner = inner;
      setTo(to);
      setType(type);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
      xml.rightAngleBracket();
      xml.append(inner);
      return xml;
    }
  }
}
