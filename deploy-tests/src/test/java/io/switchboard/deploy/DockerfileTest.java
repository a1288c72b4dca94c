package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile as text agrees with the chart and the build: exec form entrypoint on the node's
 * Main, the chart's non-root uid, the distribution Maven builds, the admin command path NOTES.txt
 * prints, and the data directory the chart mounts. {@link ImageClusterIT} builds and runs it.
 */
class DockerfileTest {
  private static String dockerfile() throws IOException {
    return Files.readString(Repo.root().resolve("Dockerfile"));
  }

  private static String instruction(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " (.*)$").matcher(text);
    assertThat(m.find()).as("%s instruction", name).isTrue();
    return m.group(1).strip();
  }

  /** The default of a build argument ({@code ARG NAME=default}). */
  private static String argDefault(String text, String name) {
    Matcher m = Pattern.compile("(?m)^ARG " + name + "=(\\S+)$").matcher(text);
    assertThat(m.find()).as("ARG %s with a default", name).isTrue();
    return m.group(1);
  }

  @Test
  void entrypoint_isExecFormJavaOnTheNodeMain() throws IOException {
    String entrypoint = instruction(dockerfile(), "ENTRYPOINT");
    assertThat(entrypoint).startsWith("[\"java\"").endsWith("\"io.switchboard.node.Main\"]");
    assertThat(Repo.root().resolve("node/src/main/java/io/switchboard/node/Main.java")).exists();
  }

  @Test
  void base_isABuildArgumentDefaultingToThePublicTemurinJre() throws IOException {
    String text = dockerfile();
    assertThat(instruction(text, "FROM")).isEqualTo("${BASE_IMAGE}");
    assertThat(argDefault(text, "BASE_IMAGE")).isEqualTo("eclipse-temurin:17-jre");
    // The classic builder (no registry for a BuildKit frontend image) must be able to build it.
    assertThat(text).doesNotContain("# syntax=").doesNotContain("<<");
  }

  @Test
  void user_isTheNonRootUidTheChartRunsAs() throws IOException {
    String text = dockerfile();
    long imageUid = Long.parseLong(argDefault(text, "SWITCHBOARD_UID"));
    assertThat(imageUid).isPositive();
    assertThat(instruction(text, "USER")).isEqualTo("${SWITCHBOARD_UID}:${SWITCHBOARD_UID}");
    Workload chart = new Workload(Manifests.parse(ChartRenderTest.rendered(ValueSet.DEFAULTS)));
    assertThat(chart.podTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(imageUid);
  }

  @Test
  void copies_theDistributionMavenBuilds() throws IOException {
    String text = dockerfile();
    assertThat(text).contains("COPY node/target/lib/ /opt/switchboard/lib/")
        .contains("COPY node/target/switchboard-node-*.jar /opt/switchboard/lib/");
    String nodePom = Files.readString(Repo.root().resolve("node/pom.xml"));
    assertThat(nodePom).contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>")
        .contains("<artifactId>switchboard-node</artifactId>");
    List<String> dockerignore = Files.readAllLines(Repo.root().resolve(".dockerignore"));
    assertThat(dockerignore).contains("*", "!node/target/lib/", "!node/target/switchboard-node-*.jar",
        "!node/src/main/docker/switchboard");
  }

  @Test
  void adminCommand_isWhereNotesAndReadmeSayAndRunsTheCli() throws IOException {
    String text = dockerfile();
    assertThat(text).contains("COPY node/src/main/docker/switchboard /opt/switchboard/bin/switchboard");
    assertThat(Files.readString(Repo.root().resolve("node/src/main/docker/switchboard")))
        .startsWith("#!/bin/sh").contains("io.switchboard.node.cli.Cli \"$@\"");
    assertThat(Repo.root().resolve("node/src/main/java/io/switchboard/node/cli/Cli.java")).exists();
    assertThat(Files.readString(Repo.chart().resolve("templates/NOTES.txt")))
        .contains("/opt/switchboard/bin/switchboard adduser");
  }

  @Test
  void dataDir_isTheDirectoryTheChartMountsWritable() throws IOException {
    String text = dockerfile();
    assertThat(text).contains("SWITCHBOARD_DATA_DIR=/var/lib/switchboard");
    Workload chart = new Workload(Manifests.parse(ChartRenderTest.rendered(ValueSet.DEFAULTS)));
    assertThat(chart.env()).containsEntry("SWITCHBOARD_DATA_DIR", "/var/lib/switchboard");
    assertThat(chart.container().getVolumeMounts()).anySatisfy(m ->
        assertThat(Path.of(m.getMountPath())).isEqualTo(Path.of("/var/lib/switchboard")));
  }
}
