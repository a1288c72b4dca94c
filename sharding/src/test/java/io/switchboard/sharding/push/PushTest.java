package io.switchboard.sharding.push;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.ResourceEvent;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushTest {
  private static final String ROMEO = "romeo@example.net/orchard";
  private final TestSessionContext ctx =
      PartFixture.juliet(Modules.of(new PushNotifications(new PushSettings(true, true, true, 2))));
  private Account state = Account.EMPTY;

  private Outcome ask(String resource, XmlElement payload) {
    XmlElement request = iq(JULIET + "/" + resource, null, "set", "p1", payload);
    AccountIqHandler.Request r = new AccountIqHandler.Request(request, payload, AccountIqHandler.Origin.OWN_NO_TO,
        resource);
    Outcome o = ctx.modules().accountHandler(r).orElseThrow().handle(ctx, state, r);
    state = o.applyTo(state);
    return o;
  }

  private static XmlElement enable(String node, boolean body) {
    XmlElement.Builder e = XmlElement.builder("enable", Namespaces.PUSH).attr("jid", "push.example.org").attr("node", node)
        .child(DataForm.builder("submit", Namespaces.PUBSUB_PUBLISH_OPTIONS).field("secret", null, List.of("s3")).build());
    if (body) {
      e.child(DataForm.builder("submit", Namespaces.PUSH_SUMMARY).field("last-message-body", null, List.of("true")).build());
    }
    return e.build();
  }

  private void deliver(String body) {
    ctx.modules().pipeline().deliver(ctx, state, Delivery.of(message(ROMEO, JULIET, "chat", body), null));
  }

  private static Map<String, String> summary(XmlElement iq) {
    XmlElement x = iq.child("pubsub", Namespaces.PUBSUB).orElseThrow().child("publish", Namespaces.PUBSUB).orElseThrow()
        .child("item", Namespaces.PUBSUB).orElseThrow().child("notification", Namespaces.PUSH).orElseThrow()
        .child("x", Namespaces.DATA_FORMS).orElseThrow();
    DataForm f = DataForm.parse(x);
    assertThat(f.formType()).isEqualTo(Namespaces.PUSH_SUMMARY);
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    f.fields().forEach((k, v) -> out.put(k, v.get(0)));
    return out;
  }

  @Test
  void enable_journaledWithItsResourceAndOptions_disableRemoves() {
    ctx.bind("phone", PartFixture.connection(), available(JULIET + "/phone", 0), 0);
    Outcome o = ask("phone", enable("n1", false));
    assertThat(o.events()).singleElement().isInstanceOf(PushEvent.PushEnabled.class);
    PushRegistration r = state.push().all().get(0);
    assertThat(r.resource()).isEqualTo("phone");
    assertThat(r.node()).isEqualTo("n1");
    assertThat(DataForm.parse(r.publishOptions()).value("secret")).isEqualTo("s3");
    assertThat(r.includeBody()).isFalse();

    ask("phone", enable("n1", true));
    assertThat(state.push().all()).as("the same service and node replaced").hasSize(1);
    assertThat(state.push().all().get(0).includeBody()).isTrue();

    ask("phone", XmlElement.builder("disable", Namespaces.PUSH).attr("jid", "push.example.org").build());
    assertThat(state.push().isEmpty()).isTrue();
  }

  @Test
  void enable_beyondTheLimitOrWithoutJid_refused() {
    ctx.bind("phone", PartFixture.connection(), available(JULIET + "/phone", 0), 0);
    ask("phone", enable("n1", false));
    ask("phone", enable("n2", false));
    Outcome third = ask("phone", enable("n3", false));
    assertThat(third.events()).isEmpty();
    assertThat(errorCondition(ctx.deliveredTo("phone").get(2))).isEqualTo("resource-constraint");
    ask("phone", XmlElement.of("enable", Namespaces.PUSH));
    assertThat(errorCondition(ctx.deliveredTo("phone").get(3))).isEqualTo("bad-request");
  }

  @Test
  void notify_offlineStorage_countsAndPublishOptions() {
    state = state.apply(new PushEvent.PushEnabled(new PushRegistration("push.example.org", "n1",
        DataForm.builder("submit", Namespaces.PUBSUB_PUBLISH_OPTIONS).field("secret", null, List.of("s3")).build(),
        "phone", false)));
    deliver("one");
    deliver("two");
    List<XmlElement> sent = ctx.routing.drain().stream().filter(s -> s.name().equals("iq")).toList();
    assertThat(sent).hasSize(2);
    XmlElement first = sent.get(0);
    assertThat(first.attr("from")).isEqualTo(JULIET);
    assertThat(first.attr("to")).isEqualTo("push.example.org");
    assertThat(summary(first)).containsExactlyInAnyOrderEntriesOf(Map.of("message-count", "1",
        "last-message-sender", ROMEO));
    assertThat(summary(sent.get(1))).containsEntry("message-count", "2");
    XmlElement options = first.child("pubsub", Namespaces.PUBSUB).orElseThrow()
        .child("publish-options", Namespaces.PUBSUB).orElseThrow().child("x", Namespaces.DATA_FORMS).orElseThrow();
    assertThat(DataForm.parse(options).value("secret")).isEqualTo("s3");
  }

  @Test
  void notify_messageWhileTheDeviceIsLeaving_theCountGoesOnAfterItsUnbind_aNewAbsenceRestartsIt() {
    state = state.apply(new PushEvent.PushEnabled(new PushRegistration("push.example.org", "n1", null, "phone", false)));
    state = state.apply(new ResourceEvent.ResourceOnline("phone", "n"));
    // Still bound but not a target (negative priority, as between its unavailable presence and its unbind).
    ctx.bind("phone", PartFixture.connection(), available(JULIET + "/phone", -1), -1);
    deliver("one");
    ctx.resources().remove("phone");
    state = state.apply(new ResourceEvent.ResourceOffline("phone", Instant.parse("2026-12-06T10:00:00Z")));
    deliver("two");
    // Back, gone again without reading anything: a new absence.
    state = state.apply(new ResourceEvent.ResourceOnline("phone", "n"));
    state = state.apply(new ResourceEvent.ResourceOffline("phone", Instant.parse("2026-12-06T11:00:00Z")));
    deliver("three");
    assertThat(ctx.routing.drain()).filteredOn(s -> s.name().equals("iq"))
        .extracting(iq -> summary(iq).get("message-count")).containsExactly("1", "2", "1");
  }

  @Test
  void notify_bodyOnlyWhenAsked_liveDeliveryNone_parkedAlways() {
    state = state.apply(new PushEvent.PushEnabled(new PushRegistration("push.example.org", "n1", null, "phone", true)));
    ctx.bind("phone", PartFixture.connection(), available(JULIET + "/phone", 0), 0);
    deliver("seen live");
    assertThat(ctx.routing.drain()).isEmpty();

    ctx.resources().park("phone");
    deliver("while parked");
    XmlElement push = ctx.routing.next();
    assertThat(summary(push)).containsEntry("last-message-body", "while parked").containsEntry("message-count", "1");
  }

  @Test
  void notify_chatStatesAndHeadlines_notWorthAPush() {
    state = state.apply(new PushEvent.PushEnabled(new PushRegistration("push.example.org", "n1", null, "phone", false)));
    ctx.modules().pipeline().deliver(ctx, state, Delivery.of(message(ROMEO, JULIET, "headline", "news"), null));
    ctx.modules().pipeline().deliver(ctx, state, Delivery.of(message(ROMEO, JULIET, "chat", null)
        .withChild(XmlElement.of("composing", Namespaces.CHAT_STATES)), null));
    assertThat(ctx.routing.drain()).isEmpty();
  }

  @Test
  void errorAnswer_disablesThatRegistration_resultDoesNot() {
    state = state.apply(new PushEvent.PushEnabled(new PushRegistration("push.example.org", "n1", null, "phone", false)));
    state = state.apply(new PushEvent.PushEnabled(new PushRegistration("push.example.org", "n-2", null, "tab", false)));
    deliver("x");
    List<XmlElement> pushes = ctx.routing.drain();
    XmlElement toN2 = pushes.stream().filter(p -> p.child("pubsub", Namespaces.PUBSUB).orElseThrow()
        .child("publish", Namespaces.PUBSUB).orElseThrow().attr("node").equals("n-2")).findFirst().orElseThrow();
    XmlElement result = iq("push.example.org", JULIET, "result", toN2.attr("id"), null);
    assertThat(ctx.modules().responseHandler(result).orElseThrow().onResponse(ctx, state, result).events()).isEmpty();
    XmlElement error = iq("push.example.org", JULIET, "error", toN2.attr("id"), null);
    Outcome o = ctx.modules().responseHandler(error).orElseThrow().onResponse(ctx, state, error);
    assertThat(o.events()).containsExactly(new PushEvent.PushDisabled("push.example.org", "n-2"));
    state = o.applyTo(state);
    assertThat(state.push().all()).extracting(PushRegistration::node).containsExactly("n1");
    XmlElement spoofed = iq("mallory.example.org", JULIET, "error", toN2.attr("id"), null);
    assertThat(ctx.modules().responseHandler(spoofed).orElseThrow().onResponse(ctx, state, spoofed).events()).isEmpty();
  }
}
