package io.switchboard.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void oneLine_namesEachMessageOnce_inCauseOrder() {
    IOException bind = new IOException("Address already in use");
    IllegalStateException listen =
        new IllegalStateException("cannot listen on 127.0.0.1:7777: " + bind.getMessage(), bind);
    assertThat(Main.oneLine(new RuntimeException("start-up", listen)))
        .isEqualTo("start-up: cannot listen on 127.0.0.1:7777: Address already in use");
  }

  @Test
  void oneLine_usesTheClassName_whenThereIsNoMessage_andStaysOnOneLine() {
    assertThat(Main.oneLine(new IllegalStateException("first\nsecond", new NullPointerException())))
        .isEqualTo("first second: NullPointerException");
  }
}
