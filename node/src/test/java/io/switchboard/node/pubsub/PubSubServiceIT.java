package io.switchboard.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.GetItemsRequest;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemDeleteEvent;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.pubsub.listener.ItemDeleteListener;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0060 at pubsub.&lt;domain&gt; end to end with Smack's PubSubManager against a real node:
 * the service is found by disco, a node is created and configured, a subscriber gets the
 * publish and retract notifications, a whitelist node refuses a stranger (disco#info and items
 * both answered with not-allowed/closed-node), and the items outlive the node process (they are
 * read back after the node restarts on the same keyspace).
 */
@ExtendWith(CassandraExtension.class)
class PubSubServiceIT {
  private static final String KEYSPACE = "pubsub_it";
  private static final String ERRORS = "http://jabber.org/protocol/pubsub#errors";

  private static InProcessNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = InProcessNode.startWithAccounts(KEYSPACE, Map.of(), "alice", "bob", "carol");
  }

  @AfterAll
  static void stopNode() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void createSubscribePublishRetract_subscriberNotifiedOfBoth() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "ps");
    XMPPTCPConnection bob = SmackClients.connect(node, "bob", "bob-pw", "ps");
    try {
      PubSubManager alicePs = PubSubManager.getInstanceFor(alice);
      assertThat(alicePs.getServiceJid().toString()).isEqualTo("pubsub.localhost");
      LeafNode news = alicePs.createNode("news");

      LeafNode bobNews = PubSubManager.getInstanceFor(bob).getLeafNode("news");
      List<String> published = new CopyOnWriteArrayList<>();
      CountDownLatch gotPublish = new CountDownLatch(1);
      bobNews.addItemEventListener(event -> {
        for (Object i : event.getItems()) {
          published.add(((Item) i).getId());
        }
        gotPublish.countDown();
      });
      List<String> retracted = new CopyOnWriteArrayList<>();
      CountDownLatch purged = new CountDownLatch(1);
      List<String> deleteEvents = new CopyOnWriteArrayList<>();
      bob.addSyncStanzaListener(st -> deleteEvents.add(st.toXML().toString()),
          st -> st.toXML().toString().contains("<delete") && st.toXML().toString().contains("pubsub#event"));
      CountDownLatch gotRetract = new CountDownLatch(1);
      bobNews.addItemDeleteListener(new ItemDeleteListener() {
        @Override
        public void handleDeletedItems(ItemDeleteEvent event) {
          retracted.addAll(event.getItemIds());
          gotRetract.countDown();
        }

        @Override
        public void handlePurge() {
          purged.countDown();
        }
      });
      bobNews.subscribe(bob.getUser().asEntityBareJid());

      news.publish(atom("item-1", "first"));
      assertThat(gotPublish.await(15, TimeUnit.SECONDS)).as("publish notification").isTrue();
      assertThat(published).containsExactly("item-1");
      List<Item> items = bobNews.getItems();
      assertThat(items).extracting(Item::getId).containsExactly("item-1");

      news.deleteItem("item-1");
      assertThat(gotRetract.await(15, TimeUnit.SECONDS)).as("retract notification").isTrue();
      assertThat(retracted).containsExactly("item-1");
      List<Item> afterRetract = bobNews.getItems();
      assertThat(afterRetract).isEmpty();

      // The rest of the node's life: purge (notified), then delete with a redirect (notified,
      // XEP-0060 §8.4.1), after which the node is gone.
      news.publish(atom("item-2", "second"));
      alicePs.getLeafNode("news").deleteAllItems();
      assertThat(purged.await(15, TimeUnit.SECONDS)).as("purge notification").isTrue();
      assertThat(bobNews.getItems()).isEmpty();
      alice.sendIqRequestAndWaitForResponse(new OwnerIq(
          "<delete node='news'><redirect uri='xmpp:pubsub.localhost?;node=news-2'/></delete>"));
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (deleteEvents.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      // Smack parses the event into its own classes and drops the <redirect/> child when it
      // serializes it again; the redirect itself is checked in the sharding module's tests.
      assertThat(deleteEvents).as("delete notification").isNotEmpty();
      assertThat(deleteEvents.get(0)).contains("node='news'");
      // (PubSubManager caches nodes it has seen, so the node's disco#info is asked directly.)
      assertThatThrownBy(() -> org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(alice)
              .discoverInfo(JidCreate.domainBareFrom("pubsub.localhost"), "news"))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
              e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    } finally {
      alice.disconnect();
      bob.disconnect();
    }
  }

  @Test
  void whitelistNode_stranger_discoAndItemsRefusedWithClosedNode() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "wl");
    XMPPTCPConnection carol = SmackClients.connect(node, "carol", "carol-pw", "wl");
    try {
      PubSubManager alicePs = PubSubManager.getInstanceFor(alice);
      LeafNode closed = alicePs.createNode("private");
      FillableConfigureForm form = closed.getNodeConfiguration().getFillableForm();
      form.setAccessModel(AccessModel.whitelist);
      closed.sendConfigurationForm(form);
      closed.publish(atom("secret-1", "secret"));

      // disco#info with node=private (what getLeafNode asks first).
      PubSubManager carolPs = PubSubManager.getInstanceFor(carol);
      assertThatThrownBy(() -> carolPs.getLeafNode("private"))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
              PubSubServiceIT::assertClosedNode);

      // XEP-0060 §6.5.9.8 (items, requester not on the whitelist): not-allowed plus closed-node.
      PubSub itemsRequest = PubSub.createPubsubPacket(JidCreate.domainBareFrom("pubsub.localhost"),
          IQ.Type.get, new GetItemsRequest("private"));
      assertThatThrownBy(() -> carol.sendIqRequestAndWaitForResponse(itemsRequest))
          .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
              PubSubServiceIT::assertClosedNode);

      // The owner still reads it.
      List<Item> ownerView = alicePs.getLeafNode("private").getItems();
      assertThat(ownerView).extracting(Item::getId).containsExactly("secret-1");
    } finally {
      alice.disconnect();
      carol.disconnect();
    }
  }

  @Test
  void presenceAndRosterAccess_contactAllowed_strangerRefusedWithTheXep0060Conditions() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "am");
    XMPPTCPConnection bob = SmackClients.connect(node, "bob", "bob-pw", "am");
    XMPPTCPConnection carol = SmackClients.connect(node, "carol", "carol-pw", "am");
    try {
      befriend(alice, bob, "friends");
      PubSubManager alicePs = PubSubManager.getInstanceFor(alice);
      configured(alicePs.createNode("by-presence"), AccessModel.presence, null);
      configured(alicePs.createNode("by-roster"), AccessModel.roster, "friends");

      // Bob has a presence subscription to Alice and is in her "friends" group: both let him in.
      assertThat(PubSubManager.getInstanceFor(bob).getLeafNode("by-presence")
          .subscribe(bob.getUser().asEntityBareJid()).getState())
          .isEqualTo(org.jivesoftware.smackx.pubsub.Subscription.State.subscribed);
      assertThat(PubSubManager.getInstanceFor(bob).getLeafNode("by-roster")
          .subscribe(bob.getUser().asEntityBareJid()).getState())
          .isEqualTo(org.jivesoftware.smackx.pubsub.Subscription.State.subscribed);

      // Carol is a stranger: XEP-0060 §6.1.3.2 and §6.1.3.3 (asked directly: the node's
      // disco#info, which getLeafNode asks first, is refused to her as well).
      for (String[] c : new String[][] {{"by-presence", "presence-subscription-required"},
          {"by-roster", "not-in-roster-group"}}) {
        PubSub subscribe = PubSub.createPubsubPacket(JidCreate.domainBareFrom("pubsub.localhost"), IQ.Type.set,
            new org.jivesoftware.smackx.pubsub.SubscribeExtension(carol.getUser().asEntityBareJid(), c[0]));
        assertThatThrownBy(() -> carol.sendIqRequestAndWaitForResponse(subscribe))
            .as(c[0])
            .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertRefused(e, c[1]));
      }
    } finally {
      alice.disconnect();
      bob.disconnect();
      carol.disconnect();
    }
  }

  @Test
  void authorizeAccess_subscriptionPendingUntilTheOwnerApproves() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "au");
    XMPPTCPConnection carol = SmackClients.connect(node, "carol", "carol-pw", "au");
    try {
      java.util.concurrent.BlockingQueue<org.jivesoftware.smack.packet.Stanza> atAlice =
          new java.util.concurrent.LinkedBlockingQueue<>();
      alice.addSyncStanzaListener(atAlice::add, st -> st.toXML().toString().contains("pubsub#subscribe_authorization"));
      configured(PubSubManager.getInstanceFor(alice).createNode("by-approval"), AccessModel.authorize, null);

      LeafNode carolNode = PubSubManager.getInstanceFor(carol).getLeafNode("by-approval");
      assertThat(carolNode.subscribe(carol.getUser().asEntityBareJid()).getState())
          .isEqualTo(org.jivesoftware.smackx.pubsub.Subscription.State.pending);

      // XEP-0060 §8.6: the owner gets a form to approve, and approves it.
      org.jivesoftware.smack.packet.Stanza request = atAlice.poll(15, TimeUnit.SECONDS);
      assertThat(request).as("authorization request to the owner").isNotNull();
      String xml = request.toXML().toString();
      String subid = fieldValue(xml, "pubsub#subid");
      org.jivesoftware.smack.packet.StandardExtensionElement.Builder form =
          org.jivesoftware.smack.packet.StandardExtensionElement.builder("x", "jabber:x:data")
              .addAttribute("type", "submit");
      field(form, "FORM_TYPE", "http://jabber.org/protocol/pubsub#subscribe_authorization");
      if (subid != null) {
        field(form, "pubsub#subid", subid);
      }
      field(form, "pubsub#node", "by-approval");
      field(form, "pubsub#subscriber_jid", carol.getUser().asEntityBareJid().toString());
      field(form, "pubsub#allow", "true");
      alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
          .to(JidCreate.domainBareFrom("pubsub.localhost")).addExtension(form.build()).build());

      long deadline = System.nanoTime() + 15_000_000_000L;
      boolean subscribed = false;
      while (!subscribed && System.nanoTime() < deadline) {
        subscribed = carolNode.getSubscriptions().stream()
            .anyMatch(x -> x.getState() == org.jivesoftware.smackx.pubsub.Subscription.State.subscribed);
        if (!subscribed) {
          Thread.sleep(200);
        }
      }
      assertThat(subscribed).as("subscribed once the owner approved").isTrue();
    } finally {
      alice.disconnect();
      carol.disconnect();
    }
  }

  @Test
  void publishedItems_nodeRestartedOnSameKeyspace_stillRetrievable() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "rs");
    try {
      LeafNode durable = PubSubManager.getInstanceFor(alice).createNode("durable");
      durable.publish(atom("d-1", "one"));
      durable.publish(atom("d-2", "two"));
    } finally {
      alice.disconnect();
    }

    node.close();
    node = InProcessNode.start(KEYSPACE, Map.of());

    XMPPTCPConnection bob = SmackClients.connect(node, "bob", "bob-pw", "rs");
    try {
      List<Item> items = PubSubManager.getInstanceFor(bob).getLeafNode("durable").getItems();
      assertThat(items).extracting(Item::getId).containsExactlyInAnyOrder("d-1", "d-2");
      assertThat(((PayloadItem<?>) items.get(0)).getPayload().toXML().toString())
          .contains("http://www.w3.org/2005/Atom");
    } finally {
      bob.disconnect();
    }
  }

  /**
   * Issue #23 F9: items older than the node's payload cache (8) come from Cassandra's
   * pubsub_items after the node process restarts, by id and in a "newest N" answer. The stored
   * row of the oldest item is rewritten behind the server's back: the answer shows the rewrite,
   * so it was read from the table, not from the journal or a snapshot.
   */
  @Test
  void itemsOlderThanTheCache_afterRestart_readFromCassandra() throws Exception {
    XMPPTCPConnection alice = SmackClients.connect(node, "alice", "alice-pw", "cache");
    try {
      LeafNode history = PubSubManager.getInstanceFor(alice).createNode("history");
      FillableConfigureForm form = history.getNodeConfiguration().getFillableForm();
      form.setMaxItems(20);
      history.sendConfigurationForm(form);
      for (int i = 1; i <= 12; i++) {
        history.publish(atom("h-" + i, "title " + i));
      }
    } finally {
      alice.disconnect();
    }
    var session = node.node().persistence().session();
    String table = KEYSPACE + ".pubsub_items";
    List<com.datastax.oss.driver.api.core.cql.Row> rows = session.execute(
        "SELECT item_id, payload FROM " + table + " WHERE service = 'pubsub.localhost' AND node = 'history'")
        .all();
    assertThat(rows).hasSize(12);
    String oldestRef = rows.stream().filter(r -> r.getString("payload").contains("title 1<"))
        .findFirst().orElseThrow().getString("item_id");

    node.close();
    node = InProcessNode.start(KEYSPACE, Map.of());
    node.node().persistence().session().execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
        .newInstance("UPDATE " + table + " SET payload = ? WHERE service = 'pubsub.localhost' "
            + "AND node = 'history' AND item_id = ?",
            "<entry xmlns='http://www.w3.org/2005/Atom'><title>from the table</title></entry>", oldestRef));

    XMPPTCPConnection bob = SmackClients.connect(node, "bob", "bob-pw", "cache");
    try {
      LeafNode history = PubSubManager.getInstanceFor(bob).getLeafNode("history");
      List<Item> byId = history.getItems(List.of("h-1", "h-3"));
      assertThat(byId).extracting(Item::getId).containsExactly("h-1", "h-3");
      assertThat(((PayloadItem<?>) byId.get(0)).getPayload().toXML().toString()).contains("from the table");
      assertThat(((PayloadItem<?>) byId.get(1)).getPayload().toXML().toString()).contains("title 3");

      List<Item> newest = history.getItems(10);
      assertThat(newest).extracting(Item::getId)
          .containsExactly("h-12", "h-11", "h-10", "h-9", "h-8", "h-7", "h-6", "h-5", "h-4", "h-3");
      assertThat(((PayloadItem<?>) newest.get(9)).getPayload().toXML().toString()).contains("title 3");
      assertThat(((PayloadItem<?>) newest.get(0)).getPayload().toXML().toString()).contains("title 12");
    } finally {
      bob.disconnect();
    }
  }

  private static PayloadItem<SimplePayload> atom(String id, String title) {
    return new PayloadItem<>(id, new SimplePayload(
        "<entry xmlns='http://www.w3.org/2005/Atom'><title>" + title + "</title></entry>"));
  }

  /** A pubsub#owner IQ to pubsub.localhost written as given (Smack has no delete-with-redirect). */
  private static final class OwnerIq extends IQ {
    private final String inner;

    OwnerIq(String inner) throws Exception {
      super("pubsub", "http://jabber.org/protocol/pubsub#owner");
      this.inner = inner;
      setTo(JidCreate.domainBareFrom("pubsub.localhost"));
      setType(Type.set);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
      xml.rightAngleBracket();
      xml.append(inner);
      return xml;
    }
  }

  private static LeafNode configured(LeafNode n, AccessModel model, String group) throws Exception {
    FillableConfigureForm form = n.getNodeConfiguration().getFillableForm();
    form.setAccessModel(model);
    if (group != null) {
      form.setRosterGroupsAllowed(List.of(group));
    }
    n.sendConfigurationForm(form);
    return n;
  }

  /** Mutual presence subscription, {@code b} in {@code a}'s roster group {@code group}. */
  private static void befriend(XMPPTCPConnection a, XMPPTCPConnection b, String group) throws Exception {
    org.jivesoftware.smack.roster.Roster ar = org.jivesoftware.smack.roster.Roster.getInstanceFor(a);
    org.jivesoftware.smack.roster.Roster br = org.jivesoftware.smack.roster.Roster.getInstanceFor(b);
    ar.setSubscriptionMode(org.jivesoftware.smack.roster.Roster.SubscriptionMode.accept_all);
    br.setSubscriptionMode(org.jivesoftware.smack.roster.Roster.SubscriptionMode.accept_all);
    ar.reloadAndWait();
    br.reloadAndWait();
    ar.createItemAndRequestSubscription(b.getUser().asBareJid(), null, new String[] {group});
    br.createItemAndRequestSubscription(a.getUser().asBareJid(), null, null);
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      org.jivesoftware.smack.roster.RosterEntry e = ar.getEntry(b.getUser().asBareJid());
      org.jivesoftware.smack.roster.RosterEntry f = br.getEntry(a.getUser().asBareJid());
      if (e != null && f != null
          && e.getType() == org.jivesoftware.smack.roster.packet.RosterPacket.ItemType.both
          && f.getType() == org.jivesoftware.smack.roster.packet.RosterPacket.ItemType.both) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no mutual subscription");
  }

  private static void field(org.jivesoftware.smack.packet.StandardExtensionElement.Builder form,
      String var, String value) {
    form.addElement(org.jivesoftware.smack.packet.StandardExtensionElement.builder("field", "jabber:x:data")
        .addAttribute("var", var)
        .addElement("value", value)
        .build());
  }

  private static String fieldValue(String xml, String var) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("var=['\"]" + java.util.regex.Pattern.quote(var) + "['\"][^>]*>\\s*<value>([^<]*)</value>")
        .matcher(xml);
    return m.find() ? m.group(1) : null;
  }

  /** XEP-0060 §6.1.3: not-authorized plus the pubsub#errors condition {@code specific}. */
  private static void assertRefused(XMPPException.XMPPErrorException e, String specific) {
    StanzaError error = e.getStanzaError();
    assertThat(error.getCondition()).isEqualTo(StanzaError.Condition.not_authorized);
    assertThat((Object) error.getExtension(specific, ERRORS)).as(specific).isNotNull();
  }

  /** XEP-0060 whitelist refusal: not-allowed plus the pubsub#errors closed-node condition. */
  private static void assertClosedNode(XMPPException.XMPPErrorException e) {
    StanzaError error = e.getStanzaError();
    assertThat(error.getCondition()).isEqualTo(StanzaError.Condition.not_allowed);
    assertThat((Object) error.getExtension("closed-node", ERRORS)).as("closed-node").isNotNull();
  }
}
