package io.switchboard.sharding.mam;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.MessageIds;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ArchiveRequestTest {
  private static final UUID EARLY = MessageIds.next(1_000_000);
  private static final UUID LATE = MessageIds.next(2_000_000);

  private static XmlElement query(DataForm.Builder form, XmlElement.Builder rsm, boolean flip) {
    XmlElement.Builder q = XmlElement.builder("query", Namespaces.MAM).attr("queryid", "q1");
    if (form != null) {
      q.child(form.build());
    }
    if (rsm != null) {
      q.child(rsm);
    }
    if (flip) {
      q.child(XmlElement.of("flip-page", Namespaces.MAM));
    }
    return q.build();
  }

  private static DataForm.Builder form() {
    return DataForm.builder("submit", Namespaces.MAM);
  }

  private static XmlElement.Builder rsm() {
    return XmlElement.builder("set", Namespaces.RSM);
  }

  private static ArchiveRequest ok(XmlElement query) {
    ArchiveRequest.Parsed p = ArchiveRequest.parse(query, 50, 250);
    assertThat(p).isInstanceOf(ArchiveRequest.Ok.class);
    return ((ArchiveRequest.Ok) p).request();
  }

  private static StanzaErrorCondition refused(XmlElement query) {
    ArchiveRequest.Parsed p = ArchiveRequest.parse(query, 50, 250);
    assertThat(p).isInstanceOf(ArchiveRequest.Invalid.class);
    return ((ArchiveRequest.Invalid) p).error().condition();
  }

  @Test
  void parse_noFormNoRsm_firstDefaultPageForwards() {
    ArchiveRequest r = ok(query(null, null, false));
    assertThat(r.queryId()).isEqualTo("q1");
    assertThat(r.filter()).isEqualTo(ArchiveFilter.first(50));
    assertThat(r.flip()).isFalse();
  }

  @Test
  void parse_fieldsOfTheForm_intoTheFilter() {
    ArchiveFilter f = ok(query(form()
        .field("with", null, List.of("romeo@example.net"))
        .field("start", null, List.of("2010-06-07T00:00:00Z"))
        .field("end", null, List.of("2010-07-07T13:23:54+02:00")), null, true)).filter();
    assertThat(f.with().toString()).isEqualTo("romeo@example.net");
    assertThat(f.start()).isEqualTo(Instant.parse("2010-06-07T00:00:00Z"));
    assertThat(f.end()).isEqualTo(Instant.parse("2010-07-07T11:23:54Z"));
  }

  @Test
  void parse_rsmAfterAndAfterId_theLaterBoundWins() {
    ArchiveFilter f = ok(query(form().field("after-id", null, List.of(EARLY.toString())),
        rsm().textChild("after", LATE.toString()).textChild("max", "10"), false)).filter();
    assertThat(f.afterId()).isEqualTo(LATE);
    assertThat(f.max()).isEqualTo(10);
    assertThat(f.backwards()).isFalse();
  }

  @Test
  void parse_emptyBefore_lastPageBackwardsWithinBeforeId() {
    ArchiveFilter f = ok(query(form().field("before-id", null, List.of(LATE.toString())),
        rsm().child(XmlElement.of("before", Namespaces.RSM)), false)).filter();
    assertThat(f.backwards()).isTrue();
    assertThat(f.beforeId()).isEqualTo(LATE);
  }

  @Test
  void parse_maxAboveTheLimit_cutToIt_zeroCountsOnly() {
    assertThat(ok(query(null, rsm().textChild("max", "100000"), false)).filter().max()).isEqualTo(250);
    ArchiveRequest zero = ok(query(null, rsm().textChild("max", "0"), false));
    assertThat(zero.countOnly()).isTrue();
  }

  @Test
  void parse_ids_listed() {
    ArchiveFilter f = ok(query(form().field("ids", null, List.of(EARLY.toString(), LATE.toString())), null, false))
        .filter();
    assertThat(f.ids()).containsExactly(EARLY, LATE);
  }

  @Test
  void parse_invalidInput_theXepsErrors() {
    assertThat(refused(query(form().field("{urn:example}fulltext", null, List.of("x")), null, false)))
        .isEqualTo(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED);
    assertThat(refused(query(DataForm.builder("submit", "urn:other"), null, false)))
        .isEqualTo(StanzaErrorCondition.BAD_REQUEST);
    assertThat(refused(query(form().field("after-id", null, List.of("not-an-id")), null, false)))
        .isEqualTo(StanzaErrorCondition.ITEM_NOT_FOUND);
    assertThat(refused(query(null, rsm().textChild("after", UUID.randomUUID().toString()), false)))
        .as("a version-4 UUID is never an archive id").isEqualTo(StanzaErrorCondition.ITEM_NOT_FOUND);
    assertThat(refused(query(null, rsm().textChild("after", EARLY.toString()).textChild("before", LATE.toString()),
        false))).isEqualTo(StanzaErrorCondition.BAD_REQUEST);
    assertThat(refused(query(form().field("start", null, List.of("yesterday")), null, false)))
        .isEqualTo(StanzaErrorCondition.BAD_REQUEST);
    assertThat(refused(query(form().field("with", null, List.of("a@b@c")), null, false)))
        .isEqualTo(StanzaErrorCondition.JID_MALFORMED);
    assertThat(refused(query(null, rsm().textChild("max", "many"), false))).isEqualTo(StanzaErrorCondition.BAD_REQUEST);
    assertThat(refused(query(null, rsm().textChild("index", "3"), false)))
        .isEqualTo(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED);
  }
}
