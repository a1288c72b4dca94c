package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RechunkTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static List<String> run(int size, String... pieces) {
    return Source.from(List.of(pieces)).map(ByteString::fromString).via(Rechunk.of(size))
        .map(ByteString::utf8String).runWith(Sink.seq(), KIT.system()).toCompletableFuture().join();
  }

  @Test
  void of_arbitraryPieces_givesFixedChunksAndAShortLast() {
    assertThat(run(4, "ab", "cdefg", "h", "ij")).containsExactly("abcd", "efgh", "ij");
    assertThat(run(4, "abcdefgh")).containsExactly("abcd", "efgh");
    assertThat(run(3, "a", "b", "c", "d")).containsExactly("abc", "d");
  }

  @Test
  void of_emptyStream_givesOneEmptyChunk() {
    assertThat(run(4)).containsExactly("");
    assertThat(run(4, "", "")).containsExactly("");
  }
}
