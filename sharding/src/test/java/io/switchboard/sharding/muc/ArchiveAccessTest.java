package io.switchboard.sharding.muc;

import static io.switchboard.sharding.muc.RoomFixture.ROOM;
import static io.switchboard.sharding.muc.RoomFixture.admin;
import static io.switchboard.sharding.muc.RoomFixture.configure;
import static io.switchboard.sharding.muc.RoomFixture.error;
import static io.switchboard.sharding.muc.RoomFixture.iq;
import static io.switchboard.sharding.muc.RoomFixture.item;
import static io.switchboard.sharding.muc.RoomFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may query a room's XEP-0313 archive, and what the room answers (ArchiveAccess, RoomDisco). */
class ArchiveAccessTest {
  private static final String OWNER = "owner@example.com/o";
  private static final String OCCUPANT = "in@example.com/i";
  private static final String STRANGER = "out@example.com/s";

  private final RoomFixture f = new RoomFixture();

  @BeforeEach
  void room() {
    f.created(OWNER, "owner");
    f.send(join(OCCUPANT, "in"));
  }

  private static XmlElement mamQuery(String from) {
    return iq(from, ROOM, "set", XmlElement.builder("query", Namespaces.MAM).attr("queryid", "q1").build());
  }

  /** The query the decision hands to the entity for {@code from}, or null when it answered itself. */
  private Outgoing.ArchiveQuery queried(String from) {
    f.send(mamQuery(from));
    return f.last.out().stream().filter(o -> o instanceof Outgoing.ArchiveQuery)
        .map(o -> (Outgoing.ArchiveQuery) o).findFirst().orElse(null);
  }

  @Test
  void onQuery_openRoom_anyoneWhoCouldEnter_readsSinceTheRoomWasCreated() {
    Outgoing.ArchiveQuery q = queried(STRANGER);
    assertThat(q).isNotNull();
    assertThat(q.iq().attr("from")).isEqualTo(STRANGER);
    assertThat(q.since()).isEqualTo(f.state.createdAt());
  }

  @Test
  void onQuery_outcast_forbidden() {
    f.send(admin(OWNER, "set", item("jid", "out@example.com", "affiliation", "outcast")));
    List<XmlElement> out = f.send(mamQuery(STRANGER));
    assertThat(error(out.get(0))).isEqualTo("forbidden");
    assertThat(f.last.out()).noneMatch(o -> o instanceof Outgoing.ArchiveQuery);
  }

  @Test
  void onQuery_membersOnly_occupantAndMemberMay_strangerForbidden() {
    f.send(configure(OWNER, "muc#roomconfig_membersonly", "1"));
    f.send(admin(OWNER, "set", item("jid", "member@example.com", "affiliation", "member")));
    assertThat(error(f.send(mamQuery(STRANGER)).get(0))).isEqualTo("forbidden");
    assertThat(queried("member@example.com/phone")).isNotNull();
  }

  @Test
  void onQuery_passwordProtected_onlyOccupantsAndOwners() {
    f.send(configure(OWNER, "muc#roomconfig_passwordprotectedroom", "1", "muc#roomconfig_roomsecret", "s3cret"));
    assertThat(error(f.send(mamQuery(STRANGER)).get(0))).isEqualTo("forbidden");
    assertThat(queried(OCCUPANT)).isNotNull();
    assertThat(queried("owner@example.com/laptop")).isNotNull();
  }

  @Test
  void onQuery_archiveAnswersNoQueries_serviceUnavailable_andDiscoSaysNothing() {
    f.archiveFeatures = List.of();
    assertThat(error(f.send(mamQuery(OCCUPANT)).get(0))).isEqualTo("service-unavailable");
    List<XmlElement> info = f.send(iq(OCCUPANT, ROOM, "get", XmlElement.builder("query", Namespaces.DISCO_INFO).build()));
    assertThat(features(info.get(0))).doesNotContain(Namespaces.MAM);
  }

  @Test
  void disco_announcesTheArchivesFeatures() {
    List<XmlElement> info = f.send(iq(STRANGER, ROOM, "get", XmlElement.builder("query", Namespaces.DISCO_INFO).build()));
    assertThat(features(info.get(0))).contains(Namespaces.MAM);
  }

  private static List<String> features(XmlElement iqResult) {
    return iqResult.child("query", Namespaces.DISCO_INFO).orElseThrow().elements("feature", Namespaces.DISCO_INFO)
        .stream().map(e -> e.attr("var")).toList();
  }
}
