package io.switchboard.node;

import java.util.Optional;

/**
 * Keeps {@link java.util.concurrent.ForkJoinPool#commonPool()} a pool on machines with one CPU.
 * With fewer than two processors available (a container limited to one CPU, or a process pinned
 * with {@code taskset}) the JDK gives the common pool a parallelism of 1, and then every
 * {@code CompletableFuture} stage run "async" without an executor gets a thread of its own,
 * started and ended for that one task. Pekko's Java API makes that common: the futures it returns
 * (an ask, for instance) run even plain {@code handle} and {@code thenApply} stages async. Measured
 * here: two new threads per login on a node pinned to one core. Must run before anything touches
 * the common pool.
 */
final class CommonPoolParallelism {
  static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPoolParallelism() {}

  /** Sets the property unless it is set already or the machine has enough processors. */
  static void ensure() {
    decide(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors())
        .ifPresent(value -> System.setProperty(PROPERTY, value));
  }

  /** The parallelism to set, given the configured value and the processor count; empty to leave it. */
  static Optional<String> decide(String configured, int processors) {
    if (configured != null || processors > 2) {
      return Optional.empty();
    }
    return Optional.of("2");
  }
}
