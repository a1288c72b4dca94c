package io.switchboard.sharding.mam;

import static io.switchboard.sharding.testing.PartFixture.JULIET;
import static io.switchboard.sharding.testing.Xml.available;
import static io.switchboard.sharding.testing.Xml.errorCondition;
import static io.switchboard.sharding.testing.Xml.iq;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.forward.Forwarded;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.session.ModuleCommand;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.testing.FakeMessageArchive;
import io.switchboard.sharding.testing.PartFixture;
import io.switchboard.sharding.testing.TestSessionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MamIqTest {
  private static final String BALCONY = JULIET + "/balcony";
  private final FakeMessageArchive archive = new FakeMessageArchive();
  private final MamSettings settings = new MamSettings(true, MamPreferences.Default.ROSTER, java.time.Duration.ZERO, 3, 5);
  private final TestSessionContext ctx = PartFixture.juliet(Modules.of(new MessageArchiving(archive, settings)));
  private final List<UUID> ids = new ArrayList<>();

  @BeforeEach
  void sevenMessages() {
    ctx.bind("balcony", PartFixture.connection(), available(BALCONY, 0), 0);
    for (int i = 0; i < 7; i++) {
      UUID id = MessageIds.next(PartFixture.NOW.toEpochMilli() + i);
      ids.add(id);
      archive.append(Jids.bare(JULIET), new ArchiveEntry(id, MessageIds.instantOf(id), "romeo@example.net", false,
          message("romeo@example.net/o", JULIET, "chat", "m" + i)));
    }
  }

  private Outcome ask(String type, XmlElement payload) {
    XmlElement request = iq(BALCONY, null, type, "q", payload);
    AccountIqHandler.Request r = new AccountIqHandler.Request(request, payload, AccountIqHandler.Origin.OWN_NO_TO,
        "balcony");
    return ctx.modules().accountHandler(r).orElseThrow().handle(ctx, Account.EMPTY, r);
  }

  /** Runs what the handler piped to the entity (the store's answers are already complete). */
  private void runPiped() {
    List<Object> piped = new ArrayList<>(ctx.selfMessages);
    ctx.selfMessages.clear();
    for (Object c : piped) {
      ((ModuleCommand) c).run(ctx, Account.EMPTY);
    }
  }

  private XmlElement query(XmlElement.Builder rsm) {
    XmlElement.Builder q = XmlElement.builder("query", Namespaces.MAM).attr("queryid", "f27");
    if (rsm != null) {
      q.child(rsm);
    }
    return q.build();
  }

  private List<String> resultBodies() {
    return ctx.deliveredTo("balcony").stream().filter(s -> s.name().equals("message"))
        .map(s -> s.child("result", Namespaces.MAM).orElseThrow())
        .map(r -> Forwarded.stanzaOf(r.child("forwarded", Namespaces.FORWARD).orElseThrow()).orElseThrow())
        .map(m -> m.childText("body", "jabber:client").orElseThrow()).toList();
  }

  private XmlElement fin() {
    List<XmlElement> out = ctx.deliveredTo("balcony");
    XmlElement last = out.get(out.size() - 1);
    assertThat(last.name()).isEqualTo("iq");
    return last.child("fin", Namespaces.MAM).orElseThrow();
  }

  @Test
  void query_defaultPage_resultsThenFinWithFirstLastAndNotComplete() {
    ask("set", query(null));
    runPiped();
    assertThat(resultBodies()).containsExactly("m0", "m1", "m2");
    XmlElement result = ctx.deliveredTo("balcony").get(0).child("result", Namespaces.MAM).orElseThrow();
    assertThat(result.attr("queryid")).isEqualTo("f27");
    assertThat(result.attr("id")).isEqualTo(ids.get(0).toString());
    XmlElement fin = fin();
    assertThat(fin.attr("complete")).isNull();
    XmlElement set = fin.child("set", Namespaces.RSM).orElseThrow();
    assertThat(set.childText("first", Namespaces.RSM)).contains(ids.get(0).toString());
    assertThat(set.childText("last", Namespaces.RSM)).contains(ids.get(2).toString());
  }

  @Test
  void query_lastPage_backwardsOldestFirstAndComplete() {
    ask("set", query(XmlElement.builder("set", Namespaces.RSM).textChild("max", "5")
        .child(XmlElement.of("before", Namespaces.RSM))));
    runPiped();
    assertThat(resultBodies()).containsExactly("m2", "m3", "m4", "m5", "m6");
    assertThat(fin().attr("complete")).isNull();
    ctx.delivered.clear();
    ask("set", query(XmlElement.builder("set", Namespaces.RSM).textChild("max", "5")
        .textChild("before", ids.get(2).toString())));
    runPiped();
    assertThat(resultBodies()).containsExactly("m0", "m1");
    assertThat(fin().attr("complete")).isEqualTo("true");
  }

  @Test
  void query_unknownId_itemNotFound() {
    ask("set", query(XmlElement.builder("set", Namespaces.RSM).textChild("after",
        MessageIds.next(1).toString())));
    runPiped();
    assertThat(errorCondition(ctx.deliveredTo("balcony").get(0))).isEqualTo("item-not-found");
  }

  @Test
  void query_requesterParkedMeanwhile_getsNothing() {
    ask("set", query(null));
    ctx.resources().park("balcony");
    runPiped();
    assertThat(ctx.delivered).isEmpty();
  }

  @Test
  void getForm_listsTheFieldsWithOpenIds() {
    ask("get", XmlElement.of("query", Namespaces.MAM));
    XmlElement x = ctx.deliveredTo("balcony").get(0).child("query", Namespaces.MAM).orElseThrow()
        .child("x", Namespaces.DATA_FORMS).orElseThrow();
    assertThat(x.elements("field", Namespaces.DATA_FORMS)).extracting(f -> f.attr("var"))
        .containsExactly("FORM_TYPE", "with", "start", "end", "before-id", "after-id", "ids");
  }

  @Test
  void prefs_getDefaultFromSettings_setPersistsAndEchoes() {
    ask("get", XmlElement.of("prefs", Namespaces.MAM));
    assertThat(ctx.deliveredTo("balcony").get(0).child("prefs", Namespaces.MAM).orElseThrow().attr("default"))
        .isEqualTo("roster");
    ctx.delivered.clear();
    XmlElement prefs = new MamPreferences(MamPreferences.Default.ALWAYS, java.util.Set.of(),
        java.util.Set.of("nurse@example.net")).toElement();
    Outcome o = ask("set", prefs);
    assertThat(o.events()).containsExactly(new MamEvent.MamPreferencesSet(MamPreferences.parse(prefs).orElseThrow()));
    Account after = o.applyTo(Account.EMPTY);
    assertThat(after.mamPreferences().never()).containsExactly("nurse@example.net");
    assertThat(ctx.deliveredTo("balcony").get(0).child("prefs", Namespaces.MAM).orElseThrow()
        .child("never", Namespaces.MAM).orElseThrow().childText("jid", Namespaces.MAM)).contains("nurse@example.net");
  }

  @Test
  void prefs_badDefault_badRequest() {
    ask("set", XmlElement.builder("prefs", Namespaces.MAM).attr("default", "sometimes").build());
    assertThat(errorCondition(ctx.deliveredTo("balcony").get(0))).isEqualTo("bad-request");
  }

  @Test
  void metadata_firstAndLastOfTheArchive() {
    ask("get", XmlElement.of("metadata", Namespaces.MAM));
    runPiped();
    XmlElement m = ctx.deliveredTo("balcony").get(0).child("metadata", Namespaces.MAM).orElseThrow();
    assertThat(m.child("start", Namespaces.MAM).orElseThrow().attr("id")).isEqualTo(ids.get(0).toString());
    assertThat(m.child("end", Namespaces.MAM).orElseThrow().attr("id")).isEqualTo(ids.get(6).toString());
  }

  @Test
  void otherAccounts_notAnswered() {
    XmlElement payload = query(null);
    AccountIqHandler.Request r = new AccountIqHandler.Request(iq("romeo@example.net/o", JULIET, "set", "q", payload),
        payload, AccountIqHandler.Origin.OTHER, null);
    assertThat(ctx.modules().accountHandler(r)).isEmpty();
  }

  @Test
  void accountRemoved_deletesTheArchive() {
    ctx.modules().accountRemoved(Jids.bare(JULIET));
    assertThat(archive.deleted).extracting(Object::toString).containsExactly(JULIET);
  }
}
