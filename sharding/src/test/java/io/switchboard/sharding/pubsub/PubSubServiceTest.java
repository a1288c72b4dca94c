package io.switchboard.sharding.pubsub;

import static io.switchboard.sharding.pubsub.PubSubFixture.SERVICE;
import static io.switchboard.sharding.pubsub.PubSubFixture.condition;
import static io.switchboard.sharding.pubsub.PubSubFixture.configForm;
import static io.switchboard.sharding.pubsub.PubSubFixture.el;
import static io.switchboard.sharding.pubsub.PubSubFixture.entry;
import static io.switchboard.sharding.pubsub.PubSubFixture.errorType;
import static io.switchboard.sharding.pubsub.PubSubFixture.event;
import static io.switchboard.sharding.pubsub.PubSubFixture.form;
import static io.switchboard.sharding.pubsub.PubSubFixture.itemIds;
import static io.switchboard.sharding.pubsub.PubSubFixture.owner;
import static io.switchboard.sharding.pubsub.PubSubFixture.ps;
import static io.switchboard.sharding.pubsub.PubSubFixture.publish;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsub;
import static io.switchboard.sharding.pubsub.PubSubFixture.pubsubCondition;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IQ in, answer and notifications out: the service with real node entities (in-memory journal). */
class PubSubServiceTest {
  private static final String ALICE = "alice@example.com/phone";
  private static final String BOB = "bob@example.com/laptop";
  private static final String CAROL = "carol@example.com/desk";
  private static final String REMOTE = "eve@elsewhere.net/x";

  private static final ActorTestKit kit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private PubSubFixture f;
  private static int counter;
  private String node;

  @BeforeEach
  void start() {
    f = new PubSubFixture(kit, PubSubSettings.defaults());
    node = "news-" + (++counter);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private XmlElement create(String who, String name, XmlElement... configFields) {
    XmlElement req = configFields.length == 0
        ? pubsub(ps("create", "node", name))
        : pubsub(ps("create", "node", name), XmlElement.builder("configure",
            PubSubNamespaces.PUBSUB).child(configFields[0]).build());
    return f.iq(who, "set", req);
  }

  private void subscribe(String who) {
    XmlElement r = f.iq(who, "set", pubsub(ps("subscribe", "node", node, "jid", who)));
    assertThat(r.attr("type")).as(r.toString()).isEqualTo("result");
  }

  private XmlElement items(String who, XmlElement... extra) {
    XmlElement[] children = new XmlElement[extra.length + 1];
    children[0] = ps("items", "node", node);
    System.arraycopy(extra, 0, children, 1, extra.length);
    return f.iq(who, "get", pubsub(children));
  }

  // --- service disco and creation ----------------------------------------------------------------

  @Test
  void discoInfo_service_identityAndFeatures() {
    XmlElement r = f.iq(ALICE, "get", el("query", PubSubNamespaces.DISCO_INFO));
    XmlElement q = r.firstElement().orElseThrow();
    assertThat(q.elements("identity", PubSubNamespaces.DISCO_INFO).get(0).attr("type"))
        .isEqualTo("service");
    assertThat(q.elements("feature", PubSubNamespaces.DISCO_INFO).stream()
        .map(e -> e.attr("var")).toList())
        .contains(PubSubNamespaces.PUBSUB + "#publish", PubSubNamespaces.PUBSUB + "#instant-nodes")
        .contains(PubSubNamespaces.PUBSUB + "#retrieve-subscriptions")
        .doesNotContain(PubSubNamespaces.PUBSUB + "#auto-create");
  }

  @Test
  void ping_service_result_otherNamespaces_serviceUnavailable() {
    assertThat(f.iq(ALICE, "get", el("ping", "urn:xmpp:ping")).attr("type")).isEqualTo("result");
    XmlElement version = f.iq(ALICE, "get", el("query", "jabber:iq:version"));
    assertThat(condition(version)).isEqualTo("service-unavailable");
    f.service.handle(io.switchboard.sharding.testing.Xml.message(ALICE, SERVICE, "chat", "hi"),
        f.replies);
    assertThat(condition(f.replies.next())).isEqualTo("service-unavailable");
    f.service.handle(io.switchboard.sharding.testing.Xml.message(ALICE, SERVICE, "error", null),
        f.replies);
    assertThat(f.replies.drain()).isEmpty();
  }

  @Test
  void create_named_listedByDiscoItemsAndDescribedByNodeDiscoInfo() {
    assertThat(create(ALICE, node).attr("type")).isEqualTo("result");

    XmlElement items = f.iq(BOB, "get", el("query", PubSubNamespaces.DISCO_ITEMS));
    assertThat(items.firstElement().orElseThrow().elements().stream().map(e -> e.attr("node")))
        .contains(node);
    XmlElement info = f.iq(BOB, "get", el("query", PubSubNamespaces.DISCO_INFO, "node", node));
    XmlElement q = info.firstElement().orElseThrow();
    assertThat(q.attr("node")).isEqualTo(node);
    assertThat(q.elements("identity", PubSubNamespaces.DISCO_INFO).get(0).attr("type"))
        .isEqualTo("leaf");
    assertThat(DataForm.in(q).orElseThrow().fields().get("pubsub#owner"))
        .containsExactly("alice@example.com");
  }

  private java.util.List<String> listed(String to, String who) {
    XmlElement r = f.iqTo(to, who, "get", el("query", PubSubNamespaces.DISCO_ITEMS));
    assertThat(r.attr("type")).as(r.toString()).isEqualTo("result");
    return r.firstElement().orElseThrow().elements().stream().map(e -> e.attr("node"))
        .filter(n -> n.startsWith(node)).toList();
  }

  @Test
  void discoItems_service_strangerSeesOnlyNodesItMayAccess() {
    // Issue #23 F11: whitelist, authorize, presence and roster nodes are not listed to strangers.
    create(ALICE, node + "-open");
    for (String model : List.of("whitelist", "authorize", "presence", "roster")) {
      create(ALICE, node + "-" + model, configForm("pubsub#access_model", model));
    }

    assertThat(listed(SERVICE, BOB)).containsExactly(node + "-open");
    f.relations.put("alice@example.com bob@example.com", new Relation(true, Set.of()));
    assertThat(listed(SERVICE, BOB)).containsExactly(node + "-open", node + "-presence");
    assertThat(f.iq(ALICE, "set", owner(XmlElement.builder("affiliations", PubSubNamespaces.OWNER)
        .attr("node", node + "-whitelist").child(el("affiliation", PubSubNamespaces.OWNER,
            "jid", "bob@example.com", "affiliation", "member")).build())).attr("type")).isEqualTo("result");
    assertThat(listed(SERVICE, BOB)).containsExactly(node + "-open", node + "-presence", node + "-whitelist");
    assertThat(listed(SERVICE, ALICE)).containsExactly(node + "-authorize", node + "-open", node + "-presence",
        node + "-roster", node + "-whitelist");

    // Opening a node lists it to everyone; closing it again hides it.
    XmlElement open = owner(XmlElement.builder("configure", PubSubNamespaces.OWNER)
        .attr("node", node + "-roster").child(configForm("pubsub#access_model", "open")).build());
    assertThat(f.iq(ALICE, "set", open).attr("type")).isEqualTo("result");
    assertThat(listed(SERVICE, CAROL)).containsExactly(node + "-open", node + "-roster");
  }

  @Test
  void discoItems_pep_strangerSeesNothing_contactAndOwnerSeeTheNode() {
    String pepNode = node + "-mood";
    assertThat(f.iqTo("alice@example.com", ALICE, "set", publish(pepNode, "current", entry("happy")))
        .attr("type")).isEqualTo("result");

    assertThat(listed("alice@example.com", CAROL)).isEmpty();
    assertThat(listed("alice@example.com", ALICE)).containsExactly(pepNode);
    f.relations.put("alice@example.com bob@example.com", new Relation(true, Set.of()));
    assertThat(listed("alice@example.com", BOB)).containsExactly(pepNode);
  }

  @Test
  void create_instant_answersGeneratedNodeName() {
    XmlElement r = f.iq(ALICE, "set", pubsub(ps("create")));
    String generated = r.firstElement().orElseThrow().firstElement().orElseThrow().attr("node");
    assertThat(generated).isNotBlank();
    assertThat(f.iq(ALICE, "get", owner(el("configure", PubSubNamespaces.OWNER, "node",
        generated))).attr("type")).isEqualTo("result");
  }

  @Test
  void create_existing_conflict() {
    create(ALICE, node);
    XmlElement r = create(BOB, node);
    assertThat(condition(r)).isEqualTo("conflict");
    assertThat(errorType(r)).isEqualTo("cancel");
  }

  @Test
  void create_remoteUserUnderLocalUsersPolicy_forbidden() {
    XmlElement r = create(REMOTE, node);
    assertThat(condition(r)).isEqualTo("forbidden");
    assertThat(errorType(r)).isEqualTo("auth");
  }

  @Test
  void create_adminsPolicy_onlyAdminCreates() {
    f = new PubSubFixture(kit, PubSubSettings.defaults()
        .withCreationPolicy(PubSubSettings.CreationPolicy.ADMINS));
    assertThat(condition(create(ALICE, node))).isEqualTo("forbidden");
    assertThat(create("admin@example.com/x", node).attr("type")).isEqualTo("result");
  }

  @Test
  void create_withConfigureForm_configurationShowsIt() {
    create(ALICE, node, configForm("pubsub#title", "Princely Musings", "pubsub#max_items", "3",
        "pubsub#access_model", "whitelist"));
    XmlElement r = f.iq(ALICE, "get", owner(el("configure", PubSubNamespaces.OWNER, "node", node)));
    DataForm form = DataForm.in(r.firstElement().orElseThrow().firstElement().orElseThrow())
        .orElseThrow();
    assertThat(form.formType()).isEqualTo(PubSubNamespaces.NODE_CONFIG);
    assertThat(form.value("pubsub#title")).isEqualTo("Princely Musings");
    assertThat(form.value("pubsub#max_items")).isEqualTo("3");
    assertThat(form.value("pubsub#access_model")).isEqualTo("whitelist");
  }

  @Test
  void create_invalidConfigValue_notAcceptable() {
    XmlElement r = create(ALICE, node, configForm("pubsub#max_items", "lots"));
    assertThat(condition(r)).isEqualTo("not-acceptable");
  }

  @Test
  void defaultConfig_returnsForm() {
    XmlElement r = f.iq(ALICE, "get", owner(el("default", PubSubNamespaces.OWNER)));
    XmlElement def = r.firstElement().orElseThrow().firstElement().orElseThrow();
    assertThat(def.name()).isEqualTo("default");
    assertThat(DataForm.in(def).orElseThrow().value("pubsub#persist_items")).isEqualTo("true");
  }

  // --- configure, delete, purge ------------------------------------------------------------------

  @Test
  void configure_byNonOwner_forbidden_unknownNode_itemNotFound() {
    create(ALICE, node);
    XmlElement set = owner(XmlElement.builder("configure", PubSubNamespaces.OWNER)
        .attr("node", node).child(configForm("pubsub#title", "x")).build());
    assertThat(condition(f.iq(BOB, "set", set))).isEqualTo("forbidden");
    assertThat(condition(f.iq(ALICE, "get", owner(el("configure", PubSubNamespaces.OWNER,
        "node", "nope"))))).isEqualTo("item-not-found");
    XmlElement noNode = f.iq(ALICE, "get", owner(el("configure", PubSubNamespaces.OWNER)));
    assertThat(condition(noNode)).isEqualTo("bad-request");
    assertThat(pubsubCondition(noNode)).isEqualTo("nodeid-required");
  }

  @Test
  void configure_set_notifiesSubscribersWithForm() {
    create(ALICE, node, configForm("pubsub#notify_config", "1"));
    subscribe(BOB);
    XmlElement set = owner(XmlElement.builder("configure", PubSubNamespaces.OWNER)
        .attr("node", node).child(configForm("pubsub#title", "Renamed")).build());
    assertThat(f.iq(ALICE, "set", set).attr("type")).isEqualTo("result");
    XmlElement n = f.notifications.next();
    assertThat(n.attr("to")).isEqualTo(BOB);
    XmlElement conf = event(n);
    assertThat(conf.name()).isEqualTo("configuration");
    assertThat(DataForm.in(conf).orElseThrow().value("pubsub#title")).isEqualTo("Renamed");
  }

  @Test
  void delete_withRedirect_notifiesAndNodeIsGone() {
    create(ALICE, node);
    subscribe(BOB);
    XmlElement del = owner(XmlElement.builder("delete", PubSubNamespaces.OWNER).attr("node", node)
        .child(el("redirect", PubSubNamespaces.OWNER, "uri", "xmpp:pubsub.example.com?;node=new"))
        .build());
    assertThat(condition(f.iq(BOB, "set", del))).isEqualTo("forbidden");
    assertThat(f.iq(ALICE, "set", del).attr("type")).isEqualTo("result");
    XmlElement d = event(f.notifications.next());
    assertThat(d.name()).isEqualTo("delete");
    assertThat(d.firstElement().orElseThrow().attr("uri")).contains("node=new");
    assertThat(condition(items(BOB))).isEqualTo("item-not-found");
    XmlElement list = f.iq(BOB, "get", el("query", PubSubNamespaces.DISCO_ITEMS));
    assertThat(list.firstElement().orElseThrow().elements()).isEmpty();
  }

  @Test
  void purge_removesItemsAndNotifies() {
    create(ALICE, node);
    f.iq(ALICE, "set", publish(node, "i1", entry("one")));
    subscribe(BOB);
    f.notifications.drain();
    assertThat(f.iq(ALICE, "set", owner(el("purge", PubSubNamespaces.OWNER, "node", node)))
        .attr("type")).isEqualTo("result");
    assertThat(event(f.notifications.next()).name()).isEqualTo("purge");
    assertThat(itemIds(items(BOB))).isEmpty();
  }

  // --- publish -------------------------------------------------------------------------------------

  @Test
  void publish_notifiesSubscribersWithPayload_andItemsReturnIt() {
    create(ALICE, node);
    subscribe(BOB);
    XmlElement r = f.iq(ALICE, "set", publish(node, "i1", entry("hello")));
    assertThat(r.attr("type")).isEqualTo("result");
    XmlElement n = f.notifications.next();
    assertThat(n.attr("from")).isEqualTo(SERVICE);
    assertThat(n.attr("to")).isEqualTo(BOB);
    XmlElement evItems = event(n);
    assertThat(evItems.attr("node")).isEqualTo(node);
    XmlElement item = evItems.firstElement().orElseThrow();
    assertThat(item.attr("id")).isEqualTo("i1");
    assertThat(item.firstElement().orElseThrow().name()).isEqualTo("entry");
    assertThat(itemIds(items(BOB))).containsExactly("i1");
  }

  @Test
  void publish_withoutItemId_serviceGeneratesOne() {
    create(ALICE, node);
    XmlElement req = pubsub(XmlElement.builder("publish", PubSubNamespaces.PUBSUB)
        .attr("node", node).child(XmlElement.builder("item", PubSubNamespaces.PUBSUB)
            .child(entry("x"))).build());
    XmlElement r = f.iq(ALICE, "set", req);
    String id = r.firstElement().orElseThrow().firstElement().orElseThrow().firstElement()
        .orElseThrow().attr("id");
    assertThat(id).isNotBlank();
    assertThat(itemIds(items(ALICE))).containsExactly(id);
  }

  @Test
  void publish_errors_asXep0060Specifies() {
    create(ALICE, node);
    XmlElement forbidden = f.iq(BOB, "set", publish(node, "i1", entry("x")));
    assertThat(condition(forbidden)).isEqualTo("forbidden");
    assertThat(errorType(forbidden)).isEqualTo("auth");

    assertThat(condition(f.iq(ALICE, "set", publish("missing", "i1", entry("x")))))
        .isEqualTo("item-not-found");

    XmlElement noNode = f.iq(ALICE, "set", pubsub(XmlElement.builder("publish",
        PubSubNamespaces.PUBSUB).child(ps("item", "id", "x")).build()));
    assertThat(pubsubCondition(noNode)).isEqualTo("nodeid-required");

    XmlElement noItem = f.iq(ALICE, "set", pubsub(ps("publish", "node", node)));
    assertThat(condition(noItem)).isEqualTo("bad-request");
    assertThat(pubsubCondition(noItem)).isEqualTo("item-required");

    XmlElement noPayload = f.iq(ALICE, "set", publish(node, "i1", null));
    assertThat(pubsubCondition(noPayload)).isEqualTo("payload-required");

    XmlElement two = f.iq(ALICE, "set", pubsub(XmlElement.builder("publish",
        PubSubNamespaces.PUBSUB).attr("node", node).child(XmlElement.builder("item",
            PubSubNamespaces.PUBSUB).attr("id", "a").child(entry("1")).child(entry("2"))).build()));
    assertThat(condition(two)).isEqualTo("bad-request");
    assertThat(pubsubCondition(two)).isEqualTo("invalid-payload");
  }

  @Test
  void publish_transientNotificationOnlyNode_itemForbidden_emptyPublishNotifies() {
    create(ALICE, node, configForm("pubsub#deliver_payloads", "0", "pubsub#persist_items", "0"));
    subscribe(BOB);
    XmlElement withItem = f.iq(ALICE, "set", publish(node, "i1", entry("x")));
    assertThat(errorType(withItem)).isEqualTo("modify");
    assertThat(pubsubCondition(withItem)).isEqualTo("item-forbidden");

    assertThat(f.iq(ALICE, "set", pubsub(ps("publish", "node", node))).attr("type"))
        .isEqualTo("result");
    XmlElement ev = event(f.notifications.next());
    assertThat(ev.name()).isEqualTo("items");
    assertThat(ev.elements()).isEmpty();

    XmlElement items = items(BOB);
    assertThat(condition(items)).isEqualTo("feature-not-implemented");
    assertThat(pubsubCondition(items)).isEqualTo("unsupported");
  }

  @Test
  void publish_optionsNotMatching_preconditionNotMet() {
    create(ALICE, node);
    XmlElement req = XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
        .children(publish(node, "i1", entry("x")).elements())
        .child(XmlElement.builder("publish-options", PubSubNamespaces.PUBSUB)
            .child(form("submit", PubSubNamespaces.PUBLISH_OPTIONS,
                "pubsub#access_model", "whitelist")))
        .build();
    XmlElement r = f.iq(ALICE, "set", req);
    assertThat(condition(r)).isEqualTo("conflict");
    assertThat(pubsubCondition(r)).isEqualTo("precondition-not-met");
  }

  @Test
  void publish_beyondMaxItems_keepsNewest() {
    create(ALICE, node, configForm("pubsub#max_items", "2"));
    for (String id : List.of("a", "b", "c")) {
      f.iq(ALICE, "set", publish(node, id, entry(id)));
    }
    assertThat(itemIds(items(ALICE))).containsExactly("c", "b");
  }

  // --- items retrieval -----------------------------------------------------------------------------

  @Test
  void items_byIdMaxItemsAndRsmPages() {
    create(ALICE, node);
    for (String id : List.of("a", "b", "c", "d", "e")) {
      f.iq(ALICE, "set", publish(node, id, entry(id)));
    }
    XmlElement byId = f.iq(BOB, "get", pubsub(XmlElement.builder("items", PubSubNamespaces.PUBSUB)
        .attr("node", node).child(ps("item", "id", "b")).build()));
    assertThat(itemIds(byId)).containsExactly("b");
    XmlElement unknown = f.iq(BOB, "get", pubsub(XmlElement.builder("items",
        PubSubNamespaces.PUBSUB).attr("node", node).child(ps("item", "id", "zz")).build()));
    assertThat(condition(unknown)).isEqualTo("item-not-found");

    assertThat(itemIds(f.iq(BOB, "get", pubsub(ps("items", "node", node, "max_items", "2")))))
        .containsExactly("e", "d");

    XmlElement page1 = items(BOB, XmlElement.builder("set", PubSubNamespaces.RSM)
        .textChild("max", "2").build());
    assertThat(itemIds(page1)).containsExactly("e", "d");
    XmlElement set = page1.firstElement().orElseThrow().child("set", PubSubNamespaces.RSM)
        .orElseThrow();
    assertThat(set.childText("count", PubSubNamespaces.RSM)).contains("5");
    assertThat(set.childText("last", PubSubNamespaces.RSM)).contains("d");
    XmlElement page2 = items(BOB, XmlElement.builder("set", PubSubNamespaces.RSM)
        .textChild("max", "2").textChild("after", "d").build());
    assertThat(itemIds(page2)).containsExactly("c", "b");
    XmlElement last = items(BOB, XmlElement.builder("set", PubSubNamespaces.RSM)
        .textChild("max", "2").child(XmlElement.of("before", PubSubNamespaces.RSM)).build());
    assertThat(itemIds(last)).containsExactly("b", "a");
  }

  @Test
  void items_survive_entityRestart() {
    create(ALICE, node);
    f.iq(ALICE, "set", publish(node, "kept", entry("x")));
    f.gateway.restart(SERVICE, node);
    assertThat(itemIds(items(BOB))).containsExactly("kept");
  }

  // --- retract -------------------------------------------------------------------------------------

  @Test
  void retract_notifiesAndRemoves_errorsForUnknownAndStrangers() {
    create(ALICE, node);
    f.iq(ALICE, "set", publish(node, "i1", entry("x")));
    subscribe(BOB);
    f.notifications.drain();
    XmlElement retract = pubsub(XmlElement.builder("retract", PubSubNamespaces.PUBSUB)
        .attr("node", node).child(ps("item", "id", "i1")).build());
    assertThat(condition(f.iq(BOB, "set", retract))).isEqualTo("forbidden");
    assertThat(f.iq(ALICE, "set", retract).attr("type")).isEqualTo("result");
    XmlElement ev = event(f.notifications.next());
    assertThat(ev.firstElement().orElseThrow().name()).isEqualTo("retract");
    assertThat(ev.firstElement().orElseThrow().attr("id")).isEqualTo("i1");
    assertThat(condition(f.iq(ALICE, "set", retract))).isEqualTo("item-not-found");
    XmlElement noItem = f.iq(ALICE, "set", pubsub(ps("retract", "node", node)));
    assertThat(pubsubCondition(noItem)).isEqualTo("item-required");
  }

  // --- subscriptions -------------------------------------------------------------------------------

  @Test
  void subscribe_answersSubscribed_andSendsLastItemWithDelay() {
    create(ALICE, node);
    f.iq(ALICE, "set", publish(node, "last", entry("x")));
    XmlElement r = f.iq(BOB, "set", pubsub(ps("subscribe", "node", node, "jid", BOB)));
    XmlElement sub = r.firstElement().orElseThrow().firstElement().orElseThrow();
    assertThat(sub.attr("subscription")).isEqualTo("subscribed");
    assertThat(sub.attr("subid")).isNotBlank();
    XmlElement n = f.notifications.next();
    assertThat(n.attr("to")).isEqualTo(BOB);
    assertThat(event(n).firstElement().orElseThrow().attr("id")).isEqualTo("last");
    assertThat(n.child("delay", "urn:xmpp:delay")).isPresent();
  }

  @Test
  void subscribe_otherJid_badRequestInvalidJid() {
    create(ALICE, node);
    XmlElement r = f.iq(BOB, "set", pubsub(ps("subscribe", "node", node, "jid", CAROL)));
    assertThat(condition(r)).isEqualTo("bad-request");
    assertThat(pubsubCondition(r)).isEqualTo("invalid-jid");
    assertThat(condition(f.iq(BOB, "set", pubsub(ps("subscribe", "node", "nope", "jid", BOB)))))
        .isEqualTo("item-not-found");
  }

  @Test
  void unsubscribe_errorsAndSuccess() {
    create(ALICE, node);
    XmlElement notSub = f.iq(BOB, "set", pubsub(ps("unsubscribe", "node", node, "jid", BOB)));
    assertThat(condition(notSub)).isEqualTo("unexpected-request");
    assertThat(pubsubCondition(notSub)).isEqualTo("not-subscribed");
    subscribe(BOB);
    XmlElement badSubid = f.iq(BOB, "set", pubsub(ps("unsubscribe", "node", node, "jid", BOB,
        "subid", "wrong")));
    assertThat(condition(badSubid)).isEqualTo("not-acceptable");
    assertThat(pubsubCondition(badSubid)).isEqualTo("invalid-subid");
    assertThat(condition(f.iq(CAROL, "set", pubsub(ps("unsubscribe", "node", node, "jid", BOB)))))
        .isEqualTo("forbidden");
    assertThat(f.iq(BOB, "set", pubsub(ps("unsubscribe", "node", node, "jid", BOB))).attr("type"))
        .isEqualTo("result");
  }

  @Test
  void options_deliverFalse_stopsNotifications() {
    create(ALICE, node);
    subscribe(BOB);
    subscribe(CAROL);
    XmlElement get = f.iq(BOB, "get", pubsub(ps("options", "node", node, "jid", BOB)));
    DataForm opts = DataForm.in(get.firstElement().orElseThrow().firstElement().orElseThrow())
        .orElseThrow();
    assertThat(opts.value("pubsub#deliver")).isEqualTo("true");
    XmlElement set = f.iq(BOB, "set", pubsub(XmlElement.builder("options", PubSubNamespaces.PUBSUB)
        .attr("node", node).attr("jid", BOB)
        .child(form("submit", PubSubNamespaces.SUBSCRIBE_OPTIONS, "pubsub#deliver", "false"))
        .build()));
    assertThat(set.attr("type")).isEqualTo("result");
    f.iq(ALICE, "set", publish(node, "i1", entry("x")));
    XmlElement n = f.notifications.next();
    assertThat(n.attr("to")).isEqualTo(CAROL);
    assertThat(f.notifications.drain()).isEmpty();
    XmlElement badOption = f.iq(BOB, "set", pubsub(XmlElement.builder("options",
        PubSubNamespaces.PUBSUB).attr("node", node).attr("jid", BOB)
        .child(form("submit", PubSubNamespaces.SUBSCRIBE_OPTIONS, "pubsub#digest", "1")).build()));
    assertThat(pubsubCondition(badOption)).isEqualTo("invalid-options");
    XmlElement noJid = f.iq(BOB, "get", pubsub(ps("options", "node", node)));
    assertThat(pubsubCondition(noJid)).isEqualTo("jid-required");
  }

  // --- access models -------------------------------------------------------------------------------

  @Test
  void presenceAccess_needsPresenceSubscription() {
    create(ALICE, node, configForm("pubsub#access_model", "presence"));
    XmlElement denied = items(BOB);
    assertThat(condition(denied)).isEqualTo("not-authorized");
    assertThat(pubsubCondition(denied)).isEqualTo("presence-subscription-required");
    assertThat(errorType(denied)).isEqualTo("auth");
    f.relations.put("alice@example.com bob@example.com", new Relation(true, Set.of()));
    assertThat(items(BOB).attr("type")).isEqualTo("result");
    subscribe(BOB);
  }

  @Test
  void rosterAccess_needsAllowedGroup() {
    create(ALICE, node, configForm("pubsub#access_model", "roster",
        "pubsub#roster_groups_allowed", "Friends"));
    f.relations.put("alice@example.com bob@example.com", new Relation(true, Set.of("Work")));
    XmlElement denied = f.iq(BOB, "set", pubsub(ps("subscribe", "node", node, "jid", BOB)));
    assertThat(pubsubCondition(denied)).isEqualTo("not-in-roster-group");
    f.relations.put("alice@example.com bob@example.com", new Relation(true, Set.of("Friends")));
    subscribe(BOB);
  }

  @Test
  void whitelistAccess_closedNode_untilMember() {
    create(ALICE, node, configForm("pubsub#access_model", "whitelist"));
    XmlElement denied = items(BOB);
    assertThat(condition(denied)).isEqualTo("not-allowed");
    assertThat(pubsubCondition(denied)).isEqualTo("closed-node");
    XmlElement setAff = owner(XmlElement.builder("affiliations", PubSubNamespaces.OWNER)
        .attr("node", node).child(el("affiliation", PubSubNamespaces.OWNER,
            "jid", "bob@example.com", "affiliation", "member")).build());
    assertThat(f.iq(ALICE, "set", setAff).attr("type")).isEqualTo("result");
    assertThat(items(BOB).attr("type")).isEqualTo("result");
    XmlElement affs = f.iq(ALICE, "get", owner(el("affiliations", PubSubNamespaces.OWNER,
        "node", node)));
    assertThat(affs.firstElement().orElseThrow().firstElement().orElseThrow().elements().stream()
        .map(a -> a.attr("jid") + "=" + a.attr("affiliation")))
        .containsExactlyInAnyOrder("alice@example.com=owner", "bob@example.com=member");
  }

  @Test
  void publish_fromServerDomain_openNodeOnly_otherAccessModelsNeedAnAffiliation() {
    // The HTTP API publishes as the server's domain (issue #23 F17).
    create(ALICE, node);
    assertThat(f.iq("example.com", "set", publish(node, "a", entry("public"))).attr("type"))
        .isEqualTo("result");
    for (String model : List.of("whitelist", "presence", "roster", "authorize")) {
      String closed = node + "-" + model;
      create(ALICE, closed, configForm("pubsub#access_model", model));
      XmlElement r = f.iq("example.com", "set", publish(closed, "b", entry("private")));
      assertThat(condition(r)).as(model).isEqualTo("forbidden");
    }
    String granted = node + "-whitelist";
    assertThat(f.iq(ALICE, "set", owner(XmlElement.builder("affiliations", PubSubNamespaces.OWNER)
        .attr("node", granted).child(el("affiliation", PubSubNamespaces.OWNER,
            "jid", "example.com", "affiliation", "publisher")).build())).attr("type")).isEqualTo("result");
    assertThat(f.iq("example.com", "set", publish(granted, "c", entry("granted"))).attr("type"))
        .isEqualTo("result");
    // Another domain's JID is no server of this service.
    assertThat(condition(f.iq("elsewhere.net", "set", publish(node, "d", entry("x")))))
        .isEqualTo("forbidden");
  }

  @Test
  void closingToWhitelist_dropsSubscriptionsOfNonMembers_andHidesMetadata() {
    create(ALICE, node);
    subscribe(BOB);
    f.notifications.drain();
    XmlElement set = owner(XmlElement.builder("configure", PubSubNamespaces.OWNER)
        .attr("node", node).child(configForm("pubsub#access_model", "whitelist")).build());
    assertThat(f.iq(ALICE, "set", set).attr("type")).isEqualTo("result");
    XmlElement told = f.notifications.next();
    assertThat(told.attr("to")).isEqualTo(BOB);
    assertThat(told.firstElement().orElseThrow().firstElement().orElseThrow()
        .attr("subscription")).isEqualTo("none");
    assertThat(f.notifications.drain()).isEmpty();
    XmlElement info = f.iq(BOB, "get", el("query", PubSubNamespaces.DISCO_INFO, "node", node));
    assertThat(pubsubCondition(info)).isEqualTo("closed-node");
  }

  @Test
  void authorizeAccess_ownerDenies_subscriberToldNone() {
    create(ALICE, node, configForm("pubsub#access_model", "authorize"));
    f.iq(BOB, "set", pubsub(ps("subscribe", "node", node, "jid", BOB)));
    DataForm form = DataForm.in(f.notifications.next()).orElseThrow();
    XmlElement answer = XmlElement.builder("message", "jabber:client").attr("from", ALICE)
        .attr("to", SERVICE).child(form("submit", PubSubNamespaces.SUBSCRIBE_AUTHORIZATION,
            "pubsub#subid", form.value("pubsub#subid"), "pubsub#node", node,
            "pubsub#subscriber_jid", BOB, "pubsub#allow", "false")).build();
    XmlElement byStranger = answer.withAttribute("from", CAROL);
    f.service.handle(byStranger, f.replies);
    f.service.handle(answer, f.replies);
    XmlElement told = f.notifications.next();
    assertThat(told.attr("to")).isEqualTo(BOB);
    assertThat(told.firstElement().orElseThrow().firstElement().orElseThrow()
        .attr("subscription")).isEqualTo("none");
    XmlElement mine = f.iq(BOB, "get", pubsub(ps("subscriptions", "node", node)));
    assertThat(mine.firstElement().orElseThrow().firstElement().orElseThrow().elements()).isEmpty();
    assertThat(f.notifications.drain()).isEmpty();
  }

  @Test
  void publishOnly_publishesButCannotRetrieveOrSubscribe() {
    create(ALICE, node);
    f.iq(ALICE, "set", owner(XmlElement.builder("affiliations", PubSubNamespaces.OWNER)
        .attr("node", node).child(el("affiliation", PubSubNamespaces.OWNER,
            "jid", "bob@example.com", "affiliation", "publish-only")).build()));
    assertThat(f.iq(BOB, "set", publish(node, "b1", entry("x"))).attr("type"))
        .isEqualTo("result");
    assertThat(condition(items(BOB))).isEqualTo("forbidden");
    assertThat(condition(f.iq(BOB, "set", pubsub(ps("subscribe", "node", node, "jid", BOB)))))
        .isEqualTo("forbidden");
    XmlElement retractOwn = pubsub(XmlElement.builder("retract", PubSubNamespaces.PUBSUB)
        .attr("node", node).child(ps("item", "id", "b1")).build());
    assertThat(f.iq(BOB, "set", retractOwn).attr("type")).isEqualTo("result");
  }

  @Test
  void outcast_isForbidden_andLastOwnerCannotLeave() {
    create(ALICE, node);
    subscribe(BOB);
    f.iq(ALICE, "set", owner(XmlElement.builder("affiliations", PubSubNamespaces.OWNER)
        .attr("node", node).child(el("affiliation", PubSubNamespaces.OWNER,
            "jid", "bob@example.com", "affiliation", "outcast")).build()));
    assertThat(condition(items(BOB))).isEqualTo("forbidden");
    XmlElement subs = f.iq(ALICE, "get", owner(el("subscriptions", PubSubNamespaces.OWNER,
        "node", node)));
    assertThat(subs.firstElement().orElseThrow().firstElement().orElseThrow().elements()).isEmpty();
    XmlElement noOwner = f.iq(ALICE, "set", owner(XmlElement.builder("affiliations",
        PubSubNamespaces.OWNER).attr("node", node).child(el("affiliation", PubSubNamespaces.OWNER,
            "jid", "alice@example.com", "affiliation", "none")).build()));
    assertThat(condition(noOwner)).isEqualTo("not-acceptable");
  }

  @Test
  void authorizeAccess_pendingUntilOwnerApproves() {
    create(ALICE, node, configForm("pubsub#access_model", "authorize"));
    XmlElement r = f.iq(BOB, "set", pubsub(ps("subscribe", "node", node, "jid", BOB)));
    assertThat(r.firstElement().orElseThrow().firstElement().orElseThrow().attr("subscription"))
        .isEqualTo("pending");
    XmlElement ask = f.notifications.next();
    assertThat(ask.attr("to")).isEqualTo("alice@example.com");
    DataForm form = DataForm.in(ask).orElseThrow();
    assertThat(form.formType()).isEqualTo(PubSubNamespaces.SUBSCRIBE_AUTHORIZATION);
    assertThat(form.value("pubsub#subscriber_jid")).isEqualTo(BOB);
    XmlElement notYet = items(BOB);
    assertThat(pubsubCondition(notYet)).isEqualTo("not-subscribed");

    XmlElement answer = XmlElement.builder("message", "jabber:client").attr("from", ALICE)
        .attr("to", SERVICE).child(form("submit", PubSubNamespaces.SUBSCRIBE_AUTHORIZATION,
            "pubsub#subid", form.value("pubsub#subid"), "pubsub#node", node,
            "pubsub#subscriber_jid", BOB, "pubsub#allow", "true")).build();
    f.service.handle(answer, f.replies);
    XmlElement told = f.notifications.next();
    assertThat(told.attr("to")).isEqualTo(BOB);
    assertThat(told.firstElement().orElseThrow().firstElement().orElseThrow()
        .attr("subscription")).isEqualTo("subscribed");
    assertThat(items(BOB).attr("type")).isEqualTo("result");
  }

  @Test
  void ownerSubscriptions_setNone_removesAndTellsSubscriber() {
    create(ALICE, node);
    subscribe(BOB);
    f.notifications.drain();
    XmlElement set = owner(XmlElement.builder("subscriptions", PubSubNamespaces.OWNER)
        .attr("node", node).child(el("subscription", PubSubNamespaces.OWNER, "jid", BOB,
            "subscription", "none")).build());
    assertThat(condition(f.iq(BOB, "set", set))).isEqualTo("forbidden");
    assertThat(f.iq(ALICE, "set", set).attr("type")).isEqualTo("result");
    assertThat(f.notifications.next().attr("to")).isEqualTo(BOB);
    XmlElement mine = f.iq(BOB, "get", pubsub(ps("subscriptions", "node", node)));
    assertThat(mine.firstElement().orElseThrow().firstElement().orElseThrow().elements()).isEmpty();
  }

  @Test
  void serviceWideSubscriptionsAndAffiliations_gatheredFromEveryNode() {
    create(ALICE, node);
    create(ALICE, node + "-b");
    create(CAROL, node + "-c");
    subscribe(BOB);
    f.iq(BOB, "set", pubsub(ps("subscribe", "node", node + "-c", "jid", BOB)));
    XmlElement subs = f.iq(BOB, "get", pubsub(ps("subscriptions")));
    assertThat(subs.firstElement().orElseThrow().firstElement().orElseThrow().elements().stream()
        .map(e -> e.attr("node") + "=" + e.attr("subscription")))
        .containsExactlyInAnyOrder(node + "=subscribed", node + "-c=subscribed");
    XmlElement affs = f.iq(ALICE, "get", pubsub(ps("affiliations")));
    assertThat(affs.firstElement().orElseThrow().firstElement().orElseThrow().elements().stream()
        .map(e -> e.attr("node") + "=" + e.attr("affiliation")))
        .containsExactlyInAnyOrder(node + "=owner", node + "-b=owner");
  }

  @Test
  void ask_fromServiceJid_ownsEveryNode_answerIsReturnedNotRouted() throws Exception {
    f = new PubSubFixture(kit, PubSubSettings.defaults()
        .withCreationPolicy(PubSubSettings.CreationPolicy.ADMINS));
    XmlElement createIq = XmlElement.builder("iq", "jabber:client").attr("from", SERVICE)
        .attr("to", SERVICE).attr("type", "set").attr("id", "api1")
        .child(pubsub(ps("create", "node", node))).build();
    XmlElement created = f.service.ask(createIq).toCompletableFuture()
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(created.attr("type")).isEqualTo("result");
    XmlElement publishIq = createIq.withAttribute("id", "api2")
        .withChildren(List.of(publish(node, "feed-1", entry("news"))));
    XmlElement published = f.service.ask(publishIq).toCompletableFuture()
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(published.attr("type")).isEqualTo("result");
    assertThat(f.replies.drain()).isEmpty();
    assertThat(itemIds(items(BOB))).containsExactly("feed-1");
    XmlElement unknown = f.service.ask(publishIq.withChildren(List.of(publish("missing", "x",
        entry("x"))))).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(condition(unknown)).isEqualTo("item-not-found");
  }

  // --- PEP -------------------------------------------------------------------------------------------

  @Test
  void pep_firstPublishAutoCreatesWithPresenceAccess_andNotifiesAudience() throws Exception {
    String pepNode = "http://jabber.org/protocol/tune";
    f.audience.put("alice@example.com " + pepNode,
        Set.of(org.jxmpp.jid.impl.JidCreate.fullFrom("bob@example.com/laptop")));
    XmlElement r = f.iqTo("alice@example.com", ALICE, "set", publish(pepNode, "current",
        el("tune", pepNode)));
    assertThat(r.attr("type")).as(r.toString()).isEqualTo("result");
    XmlElement n = f.notifications.next();
    assertThat(n.attr("to")).isEqualTo(BOB);
    assertThat(n.attr("from")).isEqualTo("alice@example.com");

    XmlElement denied = f.iqTo("alice@example.com", CAROL, "get", pubsub(ps("items",
        "node", pepNode)));
    assertThat(pubsubCondition(denied)).isEqualTo("presence-subscription-required");
    assertThat(condition(f.iqTo("alice@example.com", CAROL, "set",
        publish(pepNode, "x", el("tune", pepNode))))).isEqualTo("forbidden");
  }

  @Test
  void pep_privateStorage_whitelistReachesOnlyOwner_andOptionsAreChecked() throws Exception {
    String pepNode = "urn:xmpp:bookmarks:1";
    f.audience.put("alice@example.com " + pepNode, Set.of(
        org.jxmpp.jid.impl.JidCreate.fullFrom("bob@example.com/laptop"),
        org.jxmpp.jid.impl.JidCreate.fullFrom("alice@example.com/desktop")));
    XmlElement options = XmlElement.builder("publish-options", PubSubNamespaces.PUBSUB)
        .child(form("submit", PubSubNamespaces.PUBLISH_OPTIONS, "pubsub#persist_items", "true",
            "pubsub#access_model", "whitelist")).build();
    XmlElement req = XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
        .children(publish(pepNode, "room@muc", el("conference", pepNode)).elements())
        .child(options).build();
    assertThat(f.iqTo("alice@example.com", ALICE, "set", req).attr("type")).isEqualTo("result");
    XmlElement n = f.notifications.next();
    assertThat(n.attr("to")).isEqualTo("alice@example.com/desktop");
    assertThat(f.notifications.drain()).isEmpty();
    assertThat(pubsubCondition(f.iqTo("alice@example.com", BOB, "get", pubsub(ps("items",
        "node", pepNode))))).isEqualTo("closed-node");

    XmlElement openReq = XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
        .children(publish(pepNode, "room2", el("conference", pepNode)).elements())
        .child(XmlElement.builder("publish-options", PubSubNamespaces.PUBSUB)
            .child(form("submit", PubSubNamespaces.PUBLISH_OPTIONS, "pubsub#access_model", "open")))
        .build();
    assertThat(pubsubCondition(f.iqTo("alice@example.com", ALICE, "set", openReq)))
        .isEqualTo("precondition-not-met");
  }

  @Test
  void pep_rosterNode_notifiesOnlyAudienceInAllowedGroups() throws Exception {
    String pepNode = "urn:example:family-news";
    f.audience.put("alice@example.com " + pepNode, Set.of(
        org.jxmpp.jid.impl.JidCreate.fullFrom(BOB),
        org.jxmpp.jid.impl.JidCreate.fullFrom(CAROL)));
    f.relations.put("alice@example.com bob@example.com", new Relation(true, Set.of("Family")));
    f.relations.put("alice@example.com carol@example.com", new Relation(true, Set.of("Work")));
    XmlElement req = XmlElement.builder("pubsub", PubSubNamespaces.PUBSUB)
        .children(publish(pepNode, "n1", entry("hi")).elements())
        .child(XmlElement.builder("publish-options", PubSubNamespaces.PUBSUB)
            .child(form("submit", PubSubNamespaces.PUBLISH_OPTIONS, "pubsub#access_model", "roster",
                "pubsub#roster_groups_allowed", "Family")))
        .build();
    assertThat(f.iqTo("alice@example.com", ALICE, "set", req).attr("type")).isEqualTo("result");
    assertThat(f.notifications.next().attr("to")).isEqualTo(BOB);
    assertThat(f.notifications.drain()).isEmpty();
  }

  @Test
  void pep_contactOnline_getsLastItemWhenAllowed() throws Exception {
    String pepNode = "http://jabber.org/protocol/geoloc";
    f.iqTo("alice@example.com", ALICE, "set", publish(pepNode, "here", el("geoloc", pepNode)));
    f.notifications.drain();
    f.relations.put("alice@example.com bob@example.com", new Relation(true, Set.of()));
    f.service.contactOnline(io.switchboard.protocol.jid.Jids.bare("alice@example.com"),
        org.jxmpp.jid.impl.JidCreate.fullFrom("carol@example.com/desk"), Set.of(pepNode));
    f.service.contactOnline(io.switchboard.protocol.jid.Jids.bare("alice@example.com"),
        org.jxmpp.jid.impl.JidCreate.fullFrom(BOB), Set.of(pepNode, "unknown-node"));
    XmlElement n = f.notifications.next();
    assertThat(n.attr("to")).isEqualTo(BOB);
    assertThat(event(n).firstElement().orElseThrow().attr("id")).isEqualTo("here");
    assertThat(f.notifications.drain()).isEmpty();
  }

  @Test
  void pep_accountDeleted_deletesEveryPepNode() throws Exception {
    String a = "urn:xmpp:avatar:data";
    String b = "urn:xmpp:avatar:metadata";
    f.iqTo("alice@example.com", ALICE, "set", publish(a, "h1", el("data", a)));
    f.iqTo("alice@example.com", ALICE, "set", publish(b, "h1", el("metadata", b)));
    f.service.accountDeleted(io.switchboard.protocol.jid.Jids.bare("alice@example.com"))
        .toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    XmlElement items = f.iqTo("alice@example.com", BOB, "get",
        el("query", PubSubNamespaces.DISCO_ITEMS));
    assertThat(items.firstElement().orElseThrow().elements()).isEmpty();
    assertThat(condition(f.iqTo("alice@example.com", ALICE, "get", pubsub(ps("items",
        "node", a))))).isEqualTo("item-not-found");
  }

  @Test
  void pep_discoItemsListsNodes_instantCreateNeedsNodeId() {
    String pepNode = "urn:xmpp:avatar:metadata";
    f.iqTo("alice@example.com", ALICE, "set", publish(pepNode, "h1", el("metadata", pepNode)));
    f.relations.put("alice@example.com bob@example.com", new Relation(true, Set.of()));
    XmlElement items = f.iqTo("alice@example.com", BOB, "get",
        el("query", PubSubNamespaces.DISCO_ITEMS));
    assertThat(items.firstElement().orElseThrow().elements().stream().map(e -> e.attr("node")))
        .containsExactly(pepNode);
    XmlElement instant = f.iqTo("alice@example.com", ALICE, "set", pubsub(ps("create")));
    assertThat(condition(instant)).isEqualTo("not-acceptable");
    assertThat(pubsubCondition(instant)).isEqualTo("nodeid-required");
  }
}
