package io.switchboard.sharding.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.UserSession.ResourceView;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceActivityTest {
  private static XmlElement presence(String show, boolean idle) {
    XmlElement.Builder p = XmlElement.builder("presence", "jabber:client");
    if (show != null) {
      p.textChild("show", show);
    }
    if (idle) {
      p.child(XmlElement.builder("idle", ResourceActivity.IDLE_NS).attr("since", "2026-12-07T10:00:00Z"));
    }
    return p.build();
  }

  private static ResourceView view(String name, boolean available, XmlElement presence) {
    return new ResourceView(name, available, 0, true, presence);
  }

  @Test
  void active_availableWithoutShowOrChatOrDnd_isActive() {
    assertThat(ResourceActivity.active(view("a", true, presence(null, false)))).isTrue();
    assertThat(ResourceActivity.active(view("a", true, presence("chat", false)))).isTrue();
    assertThat(ResourceActivity.active(view("a", true, presence("dnd", false)))).isTrue();
  }

  @Test
  void active_awayXaIdleOrNoPresence_isNot() {
    assertThat(ResourceActivity.active(view("a", true, presence("away", false)))).isFalse();
    assertThat(ResourceActivity.active(view("a", true, presence("xa", false)))).isFalse();
    assertThat(ResourceActivity.active(view("a", true, presence(null, true)))).isFalse();
    assertThat(ResourceActivity.active(view("a", false, null))).isFalse();
    assertThat(ResourceActivity.active(view("a", false, presence(null, false)))).isFalse();
  }

  @Test
  void online_splitsAccountsIntoActiveAndIdle() {
    OnlineUsers.Online o = OnlineUsers.merge(List.of(
        new OnlineUsers.Here(List.of("a@d/1", "a@d/2", "b@d/1"), true, List.of("a@d/2")),
        new OnlineUsers.Here(List.of("c@d/x"), true, null)), true);
    assertThat(o.users()).containsExactly("a@d", "b@d", "c@d");
    assertThat(o.activeUsers()).containsExactly("a@d");
    assertThat(o.idleUsers()).containsExactly("b@d", "c@d");
    assertThat(o.complete()).isTrue();
  }
}
