package io.switchboard.persistence.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCassandraTest {
  @TempDir Path tmp;

  @Test
  void options_defaults_filledIn() {
    EmbeddedCassandra.Options o = EmbeddedCassandra.Options.of(Path.of("rel/dir"), 9042, 7000);
    assertThat(o.dataDir()).isAbsolute();
    assertThat(o.maxHeap()).isEqualTo("1g");
    assertThat(o.startTimeout()).isEqualTo(Duration.ofSeconds(180));
    assertThat(o.javaHome()).isEmpty();
    assertThat(o.libDir()).isNull();
  }

  @Test
  void options_badPorts_rejected() {
    assertThatThrownBy(() -> EmbeddedCassandra.Options.of(tmp, 0, 7000)).hasMessageContaining("nativePort");
    assertThatThrownBy(() -> EmbeddedCassandra.Options.of(tmp, 9042, 9042)).hasMessageContaining("both 9042");
  }

  @Test
  void command_loopbackDaemonWithOurDirsAndHeap() throws IOException {
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    Files.createFile(lib.resolve("cassandra-all-5.0.6.jar"));
    Path data = tmp.resolve("data");
    EmbeddedCassandra.Options o =
        new EmbeddedCassandra.Options(data, 19042, 17000, lib, Optional.empty(), "512m", null);
    List<String> cmd = EmbeddedCassandra.command(Path.of("/jdk/bin/java"), lib, o);
    assertThat(cmd.get(0)).isEqualTo("/jdk/bin/java");
    assertThat(cmd).contains("-Xms256m", "-Xmx512m",
        "-Dcassandra-foreground=yes",
        "-Dcassandra.storagedir=" + data,
        "-Dcassandra.config=" + data.resolve("cassandra.yaml").toUri(),
        "java.base/sun.nio.ch=ALL-UNNAMED", "java.base/jdk.internal.ref=ALL-UNNAMED");
    assertThat(cmd.get(cmd.size() - 1)).isEqualTo(DataDirGuard.DAEMON_CLASS);
    assertThat(cmd.get(cmd.size() - 2)).isEqualTo(lib.resolve("cassandra-all-5.0.6.jar").toString());
  }

  @Test
  void command_unflushedSchema_onlyWhenAsked() throws IOException {
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    Files.createFile(lib.resolve("cassandra-all-5.0.6.jar"));
    EmbeddedCassandra.Options o = EmbeddedCassandra.Options.of(tmp.resolve("data"), 19042, 17000);
    String flag = "-Dcassandra.test.flush_local_schema_changes=false";
    assertThat(EmbeddedCassandra.command(Path.of("java"), lib, o)).doesNotContain(flag);
    assertThat(EmbeddedCassandra.command(Path.of("java"), lib, o.withUnflushedSchema())).contains(flag);
  }

  @Test
  void writeYaml_loopbackOnlyWithThePorts() throws IOException {
    String yaml = Files.readString(CassandraFiles.writeYaml(tmp, 19042, 17000));
    assertThat(yaml).contains("listen_address: 127.0.0.1", "rpc_address: 127.0.0.1",
        "native_transport_port: 19042", "storage_port: 17000", "seeds: \"127.0.0.1:17000\"",
        "commitlog_sync: periodic", "endpoint_snitch: SimpleSnitch");
  }
}
