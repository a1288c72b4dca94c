package io.switchboard.sharding.muc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.muc.MucJoin;
import io.switchboard.protocol.xml.DelayStamp;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** History on entry (XEP-0045 §7.2.15): maxstanzas, seconds, since, maxchars, the default. */
class HistoryCacheTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final String ROOM = "room@conference.example.com";

  private static HistoryCache cache(int capacity, int messages) {
    HistoryCache h = new HistoryCache(capacity);
    for (int i = 1; i <= messages; i++) {
      h.add(XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", ROOM + "/a").attr("type", "groupchat")
          .textChild("body", "m" + i).build(), NOW.minusSeconds(100 - i));
    }
    return h;
  }

  private static List<String> bodies(List<XmlElement> ms) {
    return ms.stream().map(m -> m.childText("body", Namespaces.JABBER_CLIENT).orElse("")).toList();
  }

  @Test
  void select_defaultAndMaxStanzas_newestOldestFirst_stampedAndAddressed() {
    HistoryCache h = cache(5, 8);
    assertThat(h.size()).isEqualTo(5);
    List<XmlElement> two = h.select(null, 2, NOW, ROOM, "bob@example.com/p");
    assertThat(bodies(two)).containsExactly("m7", "m8");
    assertThat(two.get(0).attr("to")).isEqualTo("bob@example.com/p");
    assertThat(DelayStamp.find(two.get(0)).orElseThrow().stamp()).isEqualTo(NOW.minusSeconds(93));
    assertThat(DelayStamp.find(two.get(0)).orElseThrow().from()).isEqualTo(ROOM);
    assertThat(bodies(h.select(new MucJoin(null, null, 10, null, null), 2, NOW, ROOM, "x"))).hasSize(5);
    assertThat(h.select(new MucJoin(null, null, 0, null, null), 2, NOW, ROOM, "x")).isEmpty();
  }

  @Test
  void select_secondsSinceAndMaxChars() {
    HistoryCache h = cache(20, 10);
    assertThat(bodies(h.select(new MucJoin(null, null, null, 91, null), 20, NOW, ROOM, "x")))
        .containsExactly("m9", "m10");
    assertThat(bodies(h.select(new MucJoin(null, null, null, null, NOW.minusSeconds(92)), 20, NOW, ROOM, "x")))
        .containsExactly("m8", "m9", "m10");
    assertThat(h.select(new MucJoin(null, 0, null, null, null), 20, NOW, ROOM, "x")).isEmpty();
  }
}
