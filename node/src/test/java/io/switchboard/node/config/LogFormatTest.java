package io.switchboard.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sharding.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The node's own {@code logback.xml}, configured as the node configures it, in both formats. */
class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void of_textJsonOrUnset_elseRefusedNamingTheVariable() {
    assertThat(LogFormat.of(null)).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.of(" ")).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.of("text")).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.of("json")).isEqualTo(LogFormat.JSON);
    // logback.xml names the appender by the exact value: "JSON" would find none and log nothing.
    assertThatThrownBy(() -> LogFormat.of("JSON")).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("SWITCHBOARD_LOG_FORMAT");
    assertThatThrownBy(() -> LogFormat.of("xml")).hasMessageContaining("must be text or json");
  }

  @Test
  void main_unknownFormat_exits2BeforeStartingAnything() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.switchboard.node.Main");
    pb.environment().put("SWITCHBOARD_LOG_FORMAT", "xml");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("switchboard: invalid configuration: SWITCHBOARD_LOG_FORMAT: must be text or json, not 'xml'");
  }

  @Test
  void json_oneObjectPerLine_messageFormatted_nodeLevelLoggerMdcAndThrowable() throws Exception {
    List<String> lines = logThrough(Map.of("SWITCHBOARD_LOG_FORMAT", "json", "SWITCHBOARD_NODE_NAME", "sb-0"), log -> {
      MDC.put("pekkoSource", "pekko://switchboard/system/sharding/UserSession/7/juliet");
      log.info("{}: bound resource {}", "juliet@example.org", "balcony");
      MDC.clear();
      log.warn("offline store failed", new IllegalStateException("cassandra\n  unavailable"));
    });
    assertThat(lines).hasSize(2);
    JsonNode bound = JSON.readTree(lines.get(0));
    assertThat(bound.path("level").asText()).isEqualTo("INFO");
    assertThat(bound.path("loggerName").asText()).isEqualTo("io.switchboard.test");
    assertThat(bound.path("formattedMessage").asText()).isEqualTo("juliet@example.org: bound resource balcony");
    assertThat(bound.has("arguments")).as("arguments only inside the message").isFalse();
    assertThat(bound.path("timestamp").asLong()).isPositive();
    assertThat(bound.path("context").path("properties").path("node").asText()).isEqualTo("sb-0");
    assertThat(bound.path("mdc").path("pekkoSource").asText()).endsWith("/juliet");
    JsonNode failed = JSON.readTree(lines.get(1));
    assertThat(failed.path("level").asText()).isEqualTo("WARN");
    assertThat(failed.path("throwable").path("className").asText()).isEqualTo(IllegalStateException.class.getName());
    assertThat(failed.path("throwable").path("message").asText()).isEqualTo("cassandra\n  unavailable");
  }

  @Test
  void json_traceAndConnInTheMdc_onlyForTheLineLogged() throws Exception {
    List<String> lines = logThrough(Map.of("SWITCHBOARD_LOG_FORMAT", "json"), log -> {
      Trace.logged("0d9a6b2e-38a4-11f1-8000-5a1b2c3d4e5f", "00c0ffee00c0ffee",
          () -> log.info("{}: <message/> written to the client", "juliet@example.org/balcony"));
      log.info("untraced");
    });
    assertThat(lines).hasSize(2);
    JsonNode traced = JSON.readTree(lines.get(0));
    assertThat(traced.path("mdc").path("trace").asText()).isEqualTo("0d9a6b2e-38a4-11f1-8000-5a1b2c3d4e5f");
    assertThat(traced.path("mdc").path("conn").asText()).isEqualTo("00c0ffee00c0ffee");
    assertThat(JSON.readTree(lines.get(1)).path("mdc").has("trace")).isFalse();
  }

  @Test
  void traceHopLines_offByDefault_onWithTheirOwnLevel() throws Exception {
    boolean[] enabled = new boolean[2];
    logThrough(Map.of(), log -> enabled[0] = log.getLoggerContext().getLogger(Trace.PATH_LOGGER).isDebugEnabled());
    logThrough(Map.of("SWITCHBOARD_TRACE_LOG_LEVEL", "DEBUG"),
        log -> enabled[1] = log.getLoggerContext().getLogger(Trace.PATH_LOGGER).isDebugEnabled());
    assertThat(enabled).containsExactly(false, true);
  }

  @Test
  void text_isTheDefault() throws Exception {
    List<String> lines = logThrough(Map.of(), log -> log.info("{} bound", "juliet"));
    assertThat(lines).singleElement().asString().doesNotStartWith("{").endsWith(" INFO  io.switchboard.test - juliet bound");
  }

  /** Configures a fresh context from the node's logback.xml with {@code properties} and logs. */
  private static List<String> logThrough(Map<String, String> properties, java.util.function.Consumer<Logger> body)
      throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter()); // the one org.slf4j.MDC writes to
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      properties.forEach(context::putProperty); // looked up before the environment, as env vars are
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      body.accept(context.getLogger("io.switchboard.test"));
    } finally {
      context.stop();
      System.setOut(stdout);
    }
    List<String> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }
}
