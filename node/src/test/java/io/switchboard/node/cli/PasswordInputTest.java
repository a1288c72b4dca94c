package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordInputTest {
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private PasswordInput input(String stdin, String... typed) {
    Deque<String> answers = new ArrayDeque<>(List.of(typed));
    PasswordInput.Terminal terminal = typed.length == 0 ? prompt -> Optional.empty()
        : prompt -> Optional.ofNullable(answers.poll()).map(String::toCharArray);
    return new PasswordInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal, err);
  }

  @Test
  void read_promptTypedTwiceAlike_password() {
    assertThat(input("", "pw one", "pw one").read(List.of()))
        .isEqualTo(new PasswordInput.Result.Password("pw one"));
  }

  @Test
  void read_promptTypedDifferently_refused() {
    assertThat(input("", "pw one", "pw two").read(List.of())).isInstanceOf(PasswordInput.Result.Refused.class);
  }

  @Test
  void read_noTerminal_refusedNamingStdin() {
    assertThat(input("").read(List.of()))
        .isEqualTo(new PasswordInput.Result.Refused("no terminal to ask for the password: pipe it with --password-stdin"));
  }

  @Test
  void read_stdin_firstLineWithoutLineEnd_emptyRefused() {
    assertThat(input("secret\r\nsecond line\n").read(List.of("--password-stdin")))
        .isEqualTo(new PasswordInput.Result.Password("secret"));
    assertThat(input("\n").read(List.of("--password-stdin"))).isInstanceOf(PasswordInput.Result.Refused.class);
    assertThat(input("").read(List.of("--password-stdin"))).isInstanceOf(PasswordInput.Result.Refused.class);
  }

  @Test
  void read_argument_passwordWithWarning() {
    assertThat(input("").read(List.of("on-the-line"))).isEqualTo(new PasswordInput.Result.Password("on-the-line"));
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("warning");
  }
}
