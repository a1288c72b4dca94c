package io.switchboard.bench;

import io.switchboard.bench.cli.CommandLine;
import io.switchboard.bench.report.JsonReport;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ShardMerge;
import io.switchboard.bench.report.SummaryText;
import io.switchboard.bench.run.IntervalSample;
import io.switchboard.bench.run.LoadResult;
import io.switchboard.bench.run.LoadRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Command-line entry point: parse options, run one {@link LoadRun}, print the one-screen summary
 * and write summary.txt, result.json and PNG plots. Exit status 0 on a completed run (even with
 * errors, which the summary reports), 2 on bad options, 1 when the run itself failed.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    if (args.length > 0 && args[0].equals("--merge")) {
      merge(args);
      return;
    }
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("try --help");
      System.exit(2);
      return;
    }
    if (cli.help()) {
      System.out.print(CommandLine.usage());
      return;
    }
    try {
      LoadRun run = new LoadRun(cli.config(), cli.quiet() ? s -> { } : LoadGenerator::progress);
      Runtime.getRuntime().addShutdownHook(new Thread(run::stop));
      LoadResult result = run.run();
      String summary = SummaryText.format(result, cli.label());
      System.out.print(summary);
      Path out = cli.outDir();
      Files.createDirectories(out);
      Files.writeString(out.resolve("summary.txt"), summary);
      JsonReport.write(result, cli.label(), out.resolve("result.json"));
      if (cli.plots()) {
        Plots.write(result, out);
      }
      System.out.println("results in " + out.toAbsolutePath());
    } catch (Exception e) {
      System.err.println("run failed: " + e);
      System.exit(1);
    }
  }

  /** {@code --merge a/result.json b/result.json ...}: one combined summary of a sharded run. */
  private static void merge(String[] args) {
    try {
      java.util.List<Path> files = new java.util.ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        files.add(Path.of(args[i]));
      }
      System.out.print(ShardMerge.of(files).format());
    } catch (Exception e) {
      System.err.println("merge failed: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void progress(IntervalSample s) {
    System.out.println(String.format(Locale.ROOT,
        "[%6.1fs %-7s] online %6d  logins/s %6.0f  sent/s %7.0f  delivered/s %7.0f  p50 %7.2f ms  p99 %8.2f ms"
            + "  srv RSS %6.1f MiB CPU %5.1f%%  gen CPU %5.1f%%  fail %d",
        s.seconds(), s.phase(), s.online(), s.loginsPerSecond(), s.sentPerSecond(), s.deliveredPerSecond(),
        s.p50Ms(), s.p99Ms(), s.serverRssKb() / 1024.0, s.serverCpuPercent(), s.generatorCpuPercent(),
        s.failures()));
  }
}
