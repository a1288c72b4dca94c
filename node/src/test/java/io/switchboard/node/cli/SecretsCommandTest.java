package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.pekko.pki.pem.DERPrivateKeyLoader;
import org.apache.pekko.pki.pem.PEMDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsCommandTest {
  @TempDir Path tmp;

  @Test
  void run_writesEveryKeyOwnerOnly_keyLoadsWithPekko_neverOverwrites() throws Exception {
    Path dir = tmp.resolve("cluster-secrets");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SecretsCommand cmd = new SecretsCommand(new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(cmd.run(java.util.List.of(dir.toString()))).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    for (String f : SecretsCommand.FILES) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).as(f)
          .isEqualTo("rw-------");
    }
    assertThat(DERPrivateKeyLoader.load(PEMDecoder.decode(Files.readString(dir.resolve("tls.key")))).getAlgorithm())
        .isEqualTo("RSA");
    assertThat(Files.readString(dir.resolve("management-token"))).hasSize(64);
    byte[] cert = Files.readAllBytes(dir.resolve("tls.crt"));

    assertThat(cmd.run(java.util.List.of(dir.toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not overwriting");
    assertThat(Files.readAllBytes(dir.resolve("tls.crt"))).isEqualTo(cert);
  }
}
