package io.switchboard.bench.run;

/**
 * Memory and CPU of one process over a run (the server when a pid was given, or the generator).
 *
 * @param pid the process, 0 when none was sampled
 * @param rssBeforeKb RSS before the first login
 * @param rssIdleKb RSS after the ramp and the settle pause, before any scenario traffic
 * @param rssPeakKb highest RSS sampled
 * @param rssEndKb RSS at the end of the measured phase
 * @param cpuPercentMeasure CPU during the measured phase, 100 = one core
 * @param cpuPercentRamp CPU during the ramp
 * @param kibPerSession (rssIdle - rssBefore) / sessions online at that point
 */
public record ProcessStats(
    long pid,
    long rssBeforeKb,
    long rssIdleKb,
    long rssPeakKb,
    long rssEndKb,
    double cpuPercentMeasure,
    double cpuPercentRamp,
    double kibPerSession) {
  public static final ProcessStats NONE = new ProcessStats(0, 0, 0, 0, 0, 0, 0, 0);
}
