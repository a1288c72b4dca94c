package io.switchboard.node.bookmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.DefaultPrefixAsNull;
import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.node.testing.TwoNodeCluster;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.persistence.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
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
 * XEP-0215 external services from the configuration (Smack has no XEP-0215 API, so a raw IQ), and
 * XEP-0398 avatar conversion (Smack's {@code VCardManager}; raw XEP-0084 publishes, as Smack has no
 * User Avatar API).
 */
@ExtendWith({CassandraExtension.class, TwoNodeCluster.class})
class BookmarksIT {
  private static final String BOOKMARKS2 = "urn:xmpp:bookmarks:1";
  private static final String EXTDISCO = "urn:xmpp:extdisco:2";
  private static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  private static final String PEP_VCARD_CONVERSION = "urn:xmpp:pep-vcard-conversion:0";

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

  @Test
  void avatars_pepToVcard_vcardToPep_hashInPresence() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(two, "bm_alice", "bm_alice-pw", "avatar");
    XMPPTCPConnection bob = SmackClients.connect(one, "bm_bob", "bm_bob-pw", "avatar");
    try {
      Jid aliceJid = alice.getUser().asBareJid();
      Jid bobJid = bob.getUser().asBareJid();
      assertThat(ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(aliceJid)
          .containsFeature(PEP_VCARD_CONVERSION)).as("XEP-0398 §2 on the account").isTrue();

      // alice publishes a XEP-0084 avatar (data, then metadata, as Conversations does) through node two;
      // bob, on node one, reads her vCard with Smack's VCardManager and finds the image (§3.1).
      byte[] first = "alice's avatar bytes".getBytes(StandardCharsets.UTF_8);
      String firstId = sha1(first);
      alice.sendIqRequestAndWaitForResponse(new RawIq("pubsub", PUBSUB, aliceJid, IQ.Type.set,
          "<publish node='urn:xmpp:avatar:data'><item id='" + firstId + "'><data xmlns='urn:xmpp:avatar:data'>"
              + Base64.getEncoder().encodeToString(first) + "</data></item></publish>"));
      alice.sendIqRequestAndWaitForResponse(new RawIq("pubsub", PUBSUB, aliceJid, IQ.Type.set,
          "<publish node='urn:xmpp:avatar:metadata'><item id='" + firstId + "'><metadata xmlns='urn:xmpp:avatar:metadata'>"
              + "<info id='" + firstId + "' type='image/png' bytes='" + first.length + "'/></metadata></item></publish>"));
      VCardManager bobsCards = VCardManager.getInstanceFor(bob);
      Await.until("alice's vCard carries her PEP avatar", Duration.ofSeconds(30), () -> {
        try {
          return Arrays.equals(bobsCards.loadVCard(aliceJid.asEntityBareJidOrThrow()).getAvatar(), first);
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(bobsCards.loadVCard(aliceJid.asEntityBareJidOrThrow()).getAvatarMimeType()).isEqualTo("image/png");

      // bob stores a vCard photo (XEP-0153, as older clients do): his XEP-0084 nodes get it (§3.2).
      byte[] second = "bob's vcard photo".getBytes(StandardCharsets.UTF_8);
      String secondId = sha1(second);
      VCard card = new VCard();
      card.setAvatar(second, "image/jpeg");
      bobsCards.saveVCard(card);
      Await.until("bob's metadata and data nodes carry his vCard photo", Duration.ofSeconds(30), () -> {
        try {
          return items(bob, bobJid, "urn:xmpp:avatar:metadata").contains(secondId)
              && items(bob, bobJid, "urn:xmpp:avatar:data").contains(Base64.getEncoder().encodeToString(second));
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(items(bob, bobJid, "urn:xmpp:avatar:metadata")).containsAnyOf("type=\"image/jpeg\"", "type='image/jpeg'");

      // bob's available presence (here directed to alice) carries the photo's hash (§4).
      java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
      alice.addSyncStanzaListener(p -> seen.add(p.toXML().toString()),
          p -> p instanceof Presence && p.getFrom() != null && p.getFrom().asBareJid().equals(bobJid));
      bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().to(alice.getUser()).build());
      String presence = seen.poll(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(presence).as("bob's presence at alice").isNotNull().contains("vcard-temp:x:update")
          .contains(secondId);
    } finally {
      alice.disconnect();
      bob.disconnect();
    }
  }

  private static String sha1(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(b));
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
