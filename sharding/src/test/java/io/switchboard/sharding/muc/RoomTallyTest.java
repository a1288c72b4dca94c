package io.switchboard.sharding.muc;

import static io.switchboard.sharding.muc.RoomFixture.configure;
import static io.switchboard.sharding.muc.RoomFixture.groupchat;
import static io.switchboard.sharding.muc.RoomFixture.join;
import static io.switchboard.sharding.muc.RoomFixture.presence;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.muc.RoomCounts.Refused;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a room's decisions count: joins, accepted groupchat, refused joins and messages by reason. */
class RoomTallyTest {
  private static final String ALICE = "alice@example.com/phone";
  private static final String BOB = "bob@example.com/pc";
  private static final String CAROL = "carol@example.com/x";
  private static final String EVE = "eve@example.com/x";

  private final RoomFixture f = new RoomFixture();
  private final Recording counts = new Recording();

  /** Decides {@code stanza} as the entity does, counting against the state before it. */
  private void send(XmlElement stanza) {
    RoomState before = f.state;
    f.send(stanza);
    RoomTally.count(counts, before, RoomRequest.parse(stanza), f.last);
  }

  @BeforeEach
  void room() {
    f.created(ALICE, "alice");
  }

  @Test
  void joins_eachNewSessionCountedOnce_presenceUpdatesAndLeavesNot() {
    send(join(BOB, "bob"));
    send(join(CAROL, "carol"));
    send(presence(BOB, "bob", null)); // a presence update by an occupant
    send(join(BOB, "bob")); // re-entering with the same session
    send(presence(CAROL, "carol", "unavailable"));
    assertThat(counts.log).containsExactly("join", "join");
  }

  @Test
  void groupchat_bodyCounted_chatStatesNot() {
    send(join(BOB, "bob"));
    send(groupchat(BOB, "m1", "hello"));
    send(groupchat(BOB, "m2", "again"));
    send(groupchat(BOB, "c1", null));
    assertThat(counts.log).containsExactly("join", "message", "message");
  }

  @Test
  void refusals_byWhatAndCondition() {
    f.send(configure(ALICE, "muc#roomconfig_maxusers", "2"));
    send(join(BOB, "bob"));
    send(join(CAROL, "carol")); // full
    send(join(EVE, "bob")); // nickname in use
    send(groupchat(EVE, "m1", "not in the room"));
    f.rateAllows = false;
    send(groupchat(BOB, "m2", "too fast"));
    assertThat(counts.log).containsExactly("join", "join refused service-unavailable", "join refused conflict",
        "message refused not-acceptable", "message refused resource-constraint");
  }

  @Test
  void kind_ofAStanzaTheAdmissionCheckRefused() {
    assertThat(RoomTally.kind(join(BOB, "bob"))).isEqualTo(Refused.JOIN);
    assertThat(RoomTally.kind(groupchat(BOB, "m1", "hi"))).isEqualTo(Refused.MESSAGE);
    assertThat(RoomTally.kind(presence(BOB, "bob", null))).isEqualTo(Refused.OTHER);
  }

  private static final class Recording implements RoomCounts {
    final List<String> log = new ArrayList<>();

    @Override
    public void joined() {
      log.add("join");
    }

    @Override
    public void message() {
      log.add("message");
    }

    @Override
    public void refused(Refused what, String reason) {
      log.add(what.label() + " refused " + reason);
    }
  }
}
