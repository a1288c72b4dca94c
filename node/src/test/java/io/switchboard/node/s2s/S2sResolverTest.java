package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.node.component.ProposedConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class S2sResolverTest {
  private static S2sResolver.Srv srv(int priority, int weight, int port, String target, boolean tls) {
    return new S2sResolver.Srv(priority, weight, port, target, tls);
  }

  @Test
  void parseSrv_wellFormed_trailingDotDropped() {
    assertThat(S2sResolver.parseSrv("10 5 5269 xmpp.example.net.", false))
        .contains(srv(10, 5, 5269, "xmpp.example.net", false));
    assertThat(S2sResolver.parseSrv(" 0 0 5223 tls.example.net ", true))
        .contains(srv(0, 0, 5223, "tls.example.net", true));
  }

  @Test
  void parseSrv_noServiceTarget_keptAsDot() {
    assertThat(S2sResolver.parseSrv("0 0 0 .", false)).contains(srv(0, 0, 0, ".", false));
  }

  @Test
  void parseSrv_malformed_empty() {
    assertThat(S2sResolver.parseSrv("10 5 xmpp.example.net.", false)).isEmpty();
    assertThat(S2sResolver.parseSrv("ten 5 5269 xmpp.example.net.", false)).isEmpty();
    assertThat(S2sResolver.parseSrv("10 5 70000 xmpp.example.net.", false)).isEmpty();
    assertThat(S2sResolver.parseSrv("", false)).isEmpty();
  }

  @Test
  void order_priorityThenDirectTlsThenWeight_dotsDropped() {
    List<S2sSettings.Target> order = S2sResolver.order(List.of(
        srv(20, 0, 5269, "backup.example.net", false),
        srv(10, 1, 5269, "light.example.net", false),
        srv(10, 9, 5269, "heavy.example.net", false),
        srv(10, 0, 5223, "tls.example.net", true),
        srv(5, 0, 0, ".", false)));
    assertThat(order).extracting(S2sSettings.Target::host)
        .containsExactly("tls.example.net", "heavy.example.net", "light.example.net", "backup.example.net");
    assertThat(order.get(0).directTls()).isTrue();
  }

  @Test
  void resolveNow_staticOverride_usesItWithoutDns() {
    S2sSettings settings = S2sSettings.fromConfig(ProposedConfig.with(ConfigFactory.parseString("""
        switchboard.s2s.hosts = "peer.example=127.0.0.1:15269, tls.example=tls://127.0.0.1:15270"
        switchboard.s2s.dns-server = "127.0.0.1:9"
        """)));
    S2sResolver resolver = new S2sResolver(settings, Runnable::run);
    S2sResolver.Resolution r = resolver.resolveNow("peer.example");
    assertThat(r.unreachable()).isFalse();
    assertThat(r.endpoints()).singleElement().satisfies(e -> {
      assertThat(e.address().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(e.port()).isEqualTo(15269);
      assertThat(e.directTls()).isFalse();
    });
    assertThat(resolver.resolveNow("tls.example").endpoints()).singleElement()
        .satisfies(e -> assertThat(e.directTls()).isTrue());
  }
}
