package io.switchboard.persistence.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLocatorTest {
  @TempDir Path root;

  private Path jdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(root.resolve(name));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\nJAVA_VERSION_DATE=\"2025-01-01\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.createFile(java, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    return home;
  }

  @Test
  void searchJvmRoot_prefers17Over11AndIgnoresOthers() throws IOException {
    jdk("temurin-25", "25.0.3");
    jdk("jdk-11", "11.0.20");
    Path j17 = jdk("jdk-17", "17.0.15");
    jdk("jdk-8", "1.8.0_392");
    assertThat(JavaLocator.searchJvmRoot(root)).contains(j17.resolve("bin/java"));
  }

  @Test
  void searchJvmRoot_only11_picksIt() throws IOException {
    jdk("temurin-25", "25.0.3");
    Path j11 = jdk("jdk-11", "11.0.20");
    assertThat(JavaLocator.searchJvmRoot(root)).contains(j11.resolve("bin/java"));
  }

  @Test
  void searchJvmRoot_noSuitableJdk_isEmpty() throws IOException {
    jdk("temurin-25", "25.0.3");
    assertThat(JavaLocator.searchJvmRoot(root)).isEmpty();
    assertThat(JavaLocator.searchJvmRoot(root.resolve("missing"))).isEmpty();
  }

  @Test
  void majorVersion_readsTheReleaseFile() throws IOException {
    assertThat(JavaLocator.majorVersion(jdk("a", "17.0.15"))).hasValue(17);
    assertThat(JavaLocator.majorVersion(jdk("b", "1.8.0_392"))).hasValue(8);
    assertThat(JavaLocator.majorVersion(root.resolve("nothing"))).isEmpty();
  }

  @Test
  void locate_onThisJava17_usesThisJvm() {
    // The build runs on Java 17 (see the enforcer rule and ENVIRONMENT.md).
    assertThat(JavaLocator.locate(java.util.Optional.empty()))
        .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
  }
}
