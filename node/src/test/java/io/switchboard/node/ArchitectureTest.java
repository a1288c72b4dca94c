package io.switchboard.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph of DESIGN.md, pinned: node → {sharding, persistence} → protocol. The protocol
 * module is pure Java (no Pekko, no Netty, no storage); sharding reaches storage only through the
 * ports it declares, which the node implements with persistence; persistence knows nothing of the
 * cluster. Checked on the compiled main classes of every module on the node's classpath; a rule
 * that finds no class to check fails (ArchUnit's default), so an empty import cannot pass.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    // Main classes only, from target/classes (mvn test) or the modules' jars (mvn verify puts the
    // reactor's packaged jars on the classpath); never test classes or test jars.
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.switchboard");
  }

  @Test
  void protocol_isPureJava() {
    noClasses().that().resideInAPackage("io.switchboard.protocol..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.pekko..", "io.netty..", "com.datastax..", "io.switchboard.sharding..",
            "io.switchboard.persistence..", "io.switchboard.node..")
        .check(classes);
  }

  @Test
  void persistence_knowsNothingOfTheClusterOrTheNode() {
    noClasses().that().resideInAPackage("io.switchboard.persistence..")
        .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.sharding..", "io.switchboard.node..")
        .check(classes);
  }

  @Test
  void sharding_reachesStorageOnlyThroughItsPorts() {
    noClasses().that().resideInAPackage("io.switchboard.sharding..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.switchboard.persistence..", "io.switchboard.node..", "com.datastax..", "io.netty..")
        .check(classes);
  }

  @Test
  void clientStream_isTransportNeutral() {
    noClasses().that().resideInAPackage("io.switchboard.node.stream..")
        .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.switchboard.node.c2s..")
        .check(classes);
  }
}
