package io.switchboard.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.sasl.AuthMechanism;
import io.switchboard.protocol.stream.DecoderLimits;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OnlineSessionsTest {
  private static final SessionContext CONTEXT = new SessionContext(
      new ClientSettings(new Credentials("example.test", "user", "pass"), "r", AuthMechanism.PLAIN, false, false,
          Duration.ofSeconds(1), DecoderLimits.DEFAULT, null),
      new SessionListener() {
        @Override public void onOnline(ClientSession s, long n) { }
        @Override public void onStanza(ClientSession s, XmlElement e) { }
        @Override public void onFailed(ClientSession s, LoginFailure r, boolean w) { }
        @Override public void onClosed(ClientSession s, boolean w) { }
      }, null);

  private static ClientSession session(int user) {
    return new ClientSession(CONTEXT, user, 0);
  }

  @Test
  void remove_middle_swapsLastIntoSlotAndKeepsSlotsConsistent() {
    OnlineSessions list = new OnlineSessions();
    ClientSession a = session(1);
    ClientSession b = session(2);
    ClientSession c = session(3);
    list.add(a);
    list.add(b);
    list.add(c);

    list.remove(a);

    assertThat(list.size()).isEqualTo(2);
    assertThat(list.get(0)).isSameAs(c);
    assertThat(c.slot()).isZero();
    assertThat(a.slot()).isEqualTo(-1);
    list.remove(a); // twice is harmless
    assertThat(list.size()).isEqualTo(2);
  }

  @Test
  void randomOther_neverReturnsTheSenderAndReachesEveryoneElse() {
    OnlineSessions list = new OnlineSessions();
    for (int i = 1; i <= 5; i++) {
      list.add(session(i));
    }
    ClientSession sender = list.get(2);
    Set<Integer> picked = new HashSet<>();
    Random random = new Random(1);
    for (int i = 0; i < 500; i++) {
      ClientSession other = list.randomOther(sender, random);
      assertThat(other).isNotSameAs(sender);
      picked.add(other.user());
    }
    assertThat(picked).hasSize(4).doesNotContain(sender.user());
  }

  @Test
  void randomOther_alone_null() {
    OnlineSessions list = new OnlineSessions();
    ClientSession a = session(1);
    list.add(a);
    assertThat(list.randomOther(a, new Random())).isNull();
  }
}
