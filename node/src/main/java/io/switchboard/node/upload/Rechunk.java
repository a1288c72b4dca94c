package io.switchboard.node.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * Regroups a byte stream into chunks of exactly {@code size} bytes, the last one shorter (one
 * empty chunk for an empty stream, so every file has at least one). It holds at most one chunk
 * of what the client sent, never more: a slow client costs only the bytes it already sent.
 */
final class Rechunk {
  private Rechunk() {}

  private static final class State {
    ByteString pending = ByteString.emptyByteString();
    boolean emitted;
  }

  static Flow<ByteString, ByteString, NotUsed> of(int size) {
    return Flow.of(ByteString.class)
        .statefulMap(State::new, (State s, ByteString in) -> {
          s.pending = s.pending.concat(in);
          List<ByteString> out = new ArrayList<>();
          while (s.pending.size() >= size) {
            out.add((ByteString) s.pending.take(size).compact());
            s.pending = s.pending.drop(size);
          }
          if (!out.isEmpty()) {
            s.emitted = true;
          }
          return Pair.create(s, out);
        }, s -> s.pending.isEmpty() && s.emitted ? Optional.empty() : Optional.of(List.<ByteString>of(s.pending.compact())))
        .mapConcat(list -> list);
  }
}
