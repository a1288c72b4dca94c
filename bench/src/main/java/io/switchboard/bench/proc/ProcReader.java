package io.switchboard.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads RSS and CPU time of a process from {@code /proc/<pid>/status} and {@code /proc/<pid>/stat}
 * (proc(5)). CPU time is in clock ticks; {@link #TICKS_PER_SECOND} is USER_HZ, 100 on Linux x86-64.
 */
public final class ProcReader {
  public static final int TICKS_PER_SECOND = 100;

  private final Path dir;

  public ProcReader(Path procPidDir) {
    this.dir = procPidDir;
  }

  public static ProcReader of(long pid) {
    return new ProcReader(Path.of("/proc", Long.toString(pid)));
  }

  public static ProcReader self() {
    return of(ProcessHandle.current().pid());
  }

  /** Empty when the process is gone or /proc is unreadable. */
  public Optional<ProcSample> read() {
    try {
      return Optional.of(new ProcSample(
          parseRssKb(Files.readString(dir.resolve("status"))), parseCpuTicks(Files.readString(dir.resolve("stat")))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static long parseRssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalArgumentException("no VmRSS line");
  }

  /** Fields 14 and 15 of stat; the command name (field 2) may contain spaces and parentheses. */
  static long parseCpuTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
