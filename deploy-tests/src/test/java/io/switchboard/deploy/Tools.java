package io.switchboard.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The external programs the checks run: kubectl (kustomize), yamllint, node (JSON schemas). A
 * missing program skips its test with a message, or fails it when
 * SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1 (as in CI, which installs them).
 */
final class Tools {
  static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  private Tools() {}

  record Result(int exitCode, String stdout, String stderr) {
    String describe() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Skips (or, in CI, fails) unless the program is on the PATH or at the given absolute path. */
  static Path require(String program, String installHint) {
    Path found = find(program);
    if (found == null) {
      String message = program + " not found; install it (" + installHint + ")";
      if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
        throw new AssertionError(message + " [SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1]");
      }
      Assumptions.abort(message);
    }
    return found;
  }

  static Path find(String program) {
    Path p = Path.of(program);
    if (p.isAbsolute()) {
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs a program with stdin, waits at most 120 s, and returns its exit code and output. */
  static Result run(List<String> command, Path workDir, String stdin) {
    try {
      Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** kubectl kustomize DIR: the manifests an overlay produces (offline, no server). */
  static String kustomize(Path dir) {
    Path kubectl = require(KUBECTL.toString(), "the kubectl binary, e.g. Debian/Ubuntu package kubectl");
    Result r = run(List.of(kubectl.toString(), "kustomize", dir.toString()), Repo.root(), null);
    if (r.exitCode() != 0) {
      throw new AssertionError("kubectl kustomize " + dir + " failed: " + r.describe());
    }
    return r.stdout();
  }

  /** yamllint with the repository's .yamllint over a YAML stream; returns its findings or "". */
  static Result yamllint(String yaml) {
    Path yamllint = require("yamllint", "apt-get install yamllint");
    return run(List.of(yamllint.toString(), "-c", Repo.yamllintConfig().toString(), "-f", "parsable",
        "-"), Repo.root(), yaml);
  }

  /** yamllint over files or directories. */
  static Result yamllint(List<Path> paths) {
    Path yamllint = require("yamllint", "apt-get install yamllint");
    List<String> command = new java.util.ArrayList<>(List.of(yamllint.toString(), "-c",
        Repo.yamllintConfig().toString(), "-f", "parsable"));
    paths.forEach(p -> command.add(Repo.root().relativize(p.toAbsolutePath()).toString()));
    return run(command, Repo.root(), null);
  }
}
