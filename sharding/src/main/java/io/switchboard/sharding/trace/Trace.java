package io.switchboard.sharding.trace;

import io.switchboard.sharding.session.Receipt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Trace ids in log lines: an operator greps one id and finds one stanza's path through the
 * cluster (the sending connection, the sender's entity, the recipient's entity on whichever node
 * it lives, the archive write, offline storage, the recipient's connection).
 *
 * <p><b>The id is the one that already travels.</b> A client's stanza gets its archive id once, at
 * the sending connection ({@link Receipt#id()}, a time-based UUID kept for every re-send), and its
 * {@link Receipt} goes with it in every cluster message on the way (the entity's
 * {@code FromClient} and {@code Inbound}, the connection's {@code Deliver}). So the trace id is
 * that id: no cluster message got a new field (nothing changes on the wire, a rolling upgrade
 * mixes versions freely), and it is also the message's XEP-0359 stanza-id in both archives, the id
 * a user or a client's log can quote. A stanza with no receipt (from a component, s2s or the HTTP
 * API) has no trace id.
 *
 * <p>The ids go into the logging MDC ({@value #TRACE}, and {@value #CONN} for a client
 * connection's id) around a line only when that line is written: nothing is put on the stanza
 * path otherwise. Logback's JSON lines carry the MDC ({@code "mdc": {"trace": ..., "conn": ...}}). The hop lines of the path are at DEBUG on the logger {@value #PATH_LOGGER},
 * off by default; a call site checks {@link #enabled()} first, so a stanza costs one level check
 * while they are off.
 */
public final class Trace {
  /** The MDC key of a stanza's trace id. */
  public static final String TRACE = "trace";
  /** The MDC key of a client connection's id. */
  public static final String CONN = "conn";
  /** The logger of the hop lines (DEBUG). */
  public static final String PATH_LOGGER = "io.switchboard.trace";

  private static final Logger PATH = LoggerFactory.getLogger(PATH_LOGGER);
  private static final Scope NOTHING = () -> {};

  private Trace() {}

  /** The trace id of the stanza {@code receipt} goes with; null when there is none. */
  public static String of(Receipt receipt) {
    return receipt == null ? null : of(receipt.id());
  }

  /** The trace id of the stanza with archive id {@code id}; null for null. */
  public static String of(UUID id) {
    return id == null ? null : id.toString();
  }

  /** Whether hop lines are written (DEBUG on {@value #PATH_LOGGER}). */
  public static boolean enabled() {
    return PATH.isDebugEnabled();
  }

  /**
   * Writes a hop line with {@code trace} and {@code conn} (either may be null) in the MDC; call
   * only when {@link #enabled()}.
   */
  public static void hop(String trace, String conn, String format, Object... args) {
    logged(trace, conn, () -> PATH.debug(format, args));
  }

  /**
   * Runs {@code line} (one log statement) with {@code trace} and {@code conn} in the MDC (null ones
   * are left out), then restores what was there: for the lines of a path that are not hop lines
   * (warnings, a connection's lines), which are rare enough for the lambda.
   */
  public static void logged(String trace, String conn, Runnable line) {
    Scope s = scope(trace, conn);
    try {
      line.run();
    } finally {
      s.close();
    }
  }

  private static Scope scope(String trace, String conn) {
    if (trace == null && conn == null) {
      return NOTHING;
    }
    String oldTrace = trace == null ? null : put(TRACE, trace);
    String oldConn = conn == null ? null : put(CONN, conn);
    return () -> {
      if (trace != null) {
        restore(TRACE, oldTrace);
      }
      if (conn != null) {
        restore(CONN, oldConn);
      }
    };
  }

  /** Restores the MDC. */
  private interface Scope {
    void close();
  }

  private static String put(String key, String value) {
    String old = MDC.get(key);
    MDC.put(key, value);
    return old;
  }

  private static void restore(String key, String old) {
    if (old == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, old);
    }
  }
}
