package io.switchboard.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.node.config.LogFormat;
import io.switchboard.persistence.CassandraSettings;
import io.switchboard.persistence.PersistenceException;
import io.switchboard.protocol.jid.Jids;
import sun.misc.Signal;

/**
 * Starts one Switchboard node in the foreground. Exit codes: 0 after a clean shutdown, 2 for an
 * invalid setting, 3 when Cassandra cannot be reached or launched, 1 for anything else. Errors
 * are one line on stderr, never a stack trace wall.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    try {
      LogFormat.of(System.getenv(LogFormat.VARIABLE)); // before anything logs: a wrong one is silence
    } catch (InvalidSettingException e) {
      fail(2, "invalid configuration: " + e.getMessage());
      return;
    }
    CommonPoolParallelism.ensure();
    Jids.init();
    SwitchboardNode node;
    try {
      Config config = ConfigFactory.load();
      CassandraSettings.fromConfig(config); // validate before launching anything
      node = SwitchboardNode.start(config);
    } catch (InvalidSettingException | IllegalArgumentException | ConfigException e) {
      fail(2, "invalid configuration: " + e.getMessage());
      return;
    } catch (PersistenceException e) {
      fail(3, e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail(1, "start-up failed: " + oneLine(e));
      return;
    }
    // SIGTERM and SIGINT run Coordinated Shutdown, which closes Cassandra in its last phase and
    // ends with System.exit(0) (exit-jvm = on), so an orderly stop exits 0 rather than 143.
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), sig -> node.beginShutdown());
    }
  }

  private static void fail(int code, String message) {
    System.err.println("switchboard: " + message);
    System.exit(code);
  }

  /** The messages of the exception and its causes, each once (wrappers often repeat the cause's). */
  static String oneLine(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
      if (sb.indexOf(message) < 0) {
        sb.append(sb.length() > 0 ? ": " : "").append(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return sb.toString().replace('\n', ' ');
  }
}
