package io.switchboard.bench.proc;

/**
 * One reading of a process from /proc.
 *
 * @param rssKb resident set size (VmRSS) in KiB
 * @param cpuTicks user + system time in clock ticks (utime + stime)
 */
public record ProcSample(long rssKb, long cpuTicks) {
  public static final ProcSample NONE = new ProcSample(0, 0);
}
