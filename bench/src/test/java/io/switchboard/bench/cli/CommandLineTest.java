package io.switchboard.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.bench.run.LoadConfig;
import io.switchboard.bench.sasl.AuthMechanism;
import io.switchboard.bench.scenario.ScenarioSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void parse_fullOptionSet_buildsConfig() {
    CommandLine cli = CommandLine.parse(new String[] {
        "--server", "127.0.0.1:15222,127.0.0.1:25222", "--domain=example.test", "--users", "10000",
        "--shard", "2/4", "--auth", "scram-sha-256", "--tls", "starttls", "--login-rate", "500",
        "--scenario", "chat", "--rate", "0.5", "--size", "128", "--targets", "all", "--duration", "60",
        "--threads", "2", "--source-ips", "127.0.0.2-127.0.0.5", "--server-pid", "123", "--out", "/tmp/x",
        "--label", "t1", "--quiet", "--no-plots"});

    LoadConfig c = cli.config();
    assertThat(c.servers()).hasSize(2);
    assertThat(c.servers().get(1).getPort()).isEqualTo(25222);
    assertThat(c.users().totalUsers()).isEqualTo(10_000);
    assertThat(c.users().shardFirst()).isEqualTo(2_501);
    assertThat(c.users().shardCount()).isEqualTo(2_500);
    assertThat(c.client().mechanism()).isEqualTo(AuthMechanism.SCRAM_SHA_256);
    assertThat(c.client().startTls()).isTrue();
    assertThat(c.loginRate()).isEqualTo(500);
    assertThat(c.scenarioSettings().ratePerUser()).isEqualTo(0.5);
    assertThat(c.scenarioSettings().payloadChars()).isEqualTo(128);
    assertThat(c.scenarioSettings().targets()).isEqualTo(ScenarioSettings.Targets.ALL);
    assertThat(c.duration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.threads()).isEqualTo(2);
    assertThat(c.sourceAddresses()).hasSize(4);
    assertThat(c.serverPid()).isEqualTo(123);
    assertThat(cli.outDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(cli.label()).isEqualTo("t1");
    assertThat(cli.quiet()).isTrue();
    assertThat(cli.plots()).isFalse();
  }

  @Test
  void parse_mucOptions_buildMucSettings() {
    LoadConfig c = CommandLine.parse(new String[] {"--scenario", "muc", "--muc-service", "muc.localhost",
        "--room-size", "2000", "--rooms", "1", "--room-prefix", "big", "--steps", "3", "--step-seconds", "40",
        "--join-timeout", "300"}).config();

    assertThat(c.scenarioSettings().muc())
        .isEqualTo(new io.switchboard.bench.scenario.MucSettings("muc.localhost", 2000, 1, "big", 3, 40, 300));
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--scenario", "muc", "--room-size", "0"}))
        .hasMessageContaining("room size");
  }

  @Test
  void parse_nonLoopbackServer_refused() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--server", "10.0.0.1:5222"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--server", "example.org:5222"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IP literal");
  }

  @Test
  void parse_nonLoopbackSourceAddress_refused() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--source-ips", "192.168.1.2"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback");
  }

  @Test
  void parse_badValues_failNamingTheOption() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--users", "many"}))
        .hasMessageContaining("--users");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--frobnicate", "1"}))
        .hasMessageContaining("--frobnicate");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--scenario", "mqtt"}))
        .hasMessageContaining("unknown scenario");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--scenario", "pubsub", "--pubsub-node", "a'b"}))
        .hasMessageContaining("pubsub node");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--shard", "3"}))
        .hasMessageContaining("--shard");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--duration", "99999"}))
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--users"}))
        .hasMessageContaining("needs a value");
  }

  @Test
  void parse_help_flagOnly() {
    assertThat(CommandLine.parse(new String[] {"--help"}).help()).isTrue();
    assertThat(CommandLine.usage()).contains("--scenario NAME", "chat|idle|muc|presence|pubsub");
  }

  @Test
  void parse_defaults_plainIdleOnLoopback() {
    LoadConfig c = CommandLine.parse(new String[0]).config();
    assertThat(c.client().mechanism()).isEqualTo(AuthMechanism.PLAIN);
    assertThat(c.client().startTls()).isFalse();
    assertThat(c.scenario()).isEqualTo("idle");
    assertThat(c.servers().get(0).getAddress().isLoopbackAddress()).isTrue();
  }
}
