package io.switchboard.bench.scenario;

/**
 * A traffic pattern run over the online sessions. This is the extension point for new scenarios:
 * implement it and register a factory in
 * {@link Scenarios}. A scenario holds no per-session state beyond what its {@link ScenarioLoop}s
 * keep, and all its work runs on the event loops.
 */
public interface Scenario {

  /** The name used on the command line and in reports. */
  String name();

  /** The scenario's part for one event loop; all its callbacks run on that loop. */
  ScenarioLoop onLoop(LoopContext loop);

  /** Stanzas the measured phase offers per second when {@code online} sessions are up. */
  double offeredPerSecond(int online);

  /**
   * Whether each send is delivered exactly once or answered with an error, so the drain may end
   * as soon as deliveries and errors reach the sends (a fan-out scenario delivers many per send).
   */
  default boolean deliversOncePerSend() {
    return false;
  }
}
