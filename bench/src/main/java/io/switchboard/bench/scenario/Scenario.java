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
}
