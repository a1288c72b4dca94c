package io.switchboard.node.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where an account command gets a password: a prompt on the terminal without echo (asked twice),
 * the first line of standard input ({@code --password-stdin}), or, discouraged, the command line
 * (visible to other local users in {@code ps} and kept in shell history; a warning says so).
 */
final class PasswordInput {
  static final String STDIN_FLAG = "--password-stdin";

  /** Reads a secret from a terminal without echo; empty when there is no terminal. */
  @FunctionalInterface
  interface Terminal {
    Optional<char[]> readSecret(String prompt);

    static Terminal system() {
      return prompt -> {
        Console c = System.console();
        return c == null ? Optional.empty() : Optional.ofNullable(c.readPassword("%s", prompt));
      };
    }
  }

  /** A password, or why there is none (a usage error). */
  sealed interface Result {
    record Password(String value) implements Result {}

    record Refused(String reason) implements Result {}
  }

  private final InputStream stdin;
  private final Terminal terminal;
  private final PrintStream err;

  PasswordInput(InputStream stdin, Terminal terminal, PrintStream err) {
    this.stdin = stdin;
    this.terminal = terminal;
    this.err = err;
  }

  /**
   * The password from what follows the JID on the command line: nothing (prompt), {@code
   * --password-stdin}, or the password itself.
   */
  Result read(List<String> afterJid) {
    if (afterJid.size() > 1) {
      return new Result.Refused("too many arguments");
    }
    if (afterJid.size() == 1 && afterJid.get(0).equals(STDIN_FLAG)) {
      return fromStdin();
    }
    if (afterJid.size() == 1) {
      err.println("switchboard: warning: a password given as an argument is visible to other local users"
          + " (ps) and stays in shell history; prefer the prompt or " + STDIN_FLAG);
      return checked(afterJid.get(0));
    }
    return prompt();
  }

  private Result fromStdin() {
    try {
      String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        return new Result.Refused("nothing on standard input (" + STDIN_FLAG + ")");
      }
      return checked(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    } catch (IOException e) {
      return new Result.Refused("cannot read standard input: " + e.getMessage());
    }
  }

  private Result prompt() {
    Optional<char[]> first = terminal.readSecret("Password: ");
    if (first.isEmpty()) {
      return new Result.Refused("no terminal to ask for the password: pipe it with " + STDIN_FLAG);
    }
    Optional<char[]> second = terminal.readSecret("Password again: ");
    try {
      if (second.isEmpty() || !Arrays.equals(first.get(), second.get())) {
        return new Result.Refused("the passwords differ");
      }
      return checked(new String(first.get()));
    } finally {
      Arrays.fill(first.get(), '\0');
      second.ifPresent(s -> Arrays.fill(s, '\0'));
    }
  }

  private static Result checked(String password) {
    return password.isEmpty() ? new Result.Refused("empty password") : new Result.Password(password);
  }
}
