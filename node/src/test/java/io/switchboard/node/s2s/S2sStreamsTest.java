package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.error.StreamErrorCondition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streams' registry feeds the metrics as streams open, authenticate, carry stanzas and close. */
class S2sStreamsTest {
  private final List<String> counted = new ArrayList<>();
  private final S2sStreams streams = new S2sStreams(new S2sMetrics() {
    @Override
    public void opened(String direction) {
      counted.add("opened " + direction);
    }

    @Override
    public void closed(String direction) {
      counted.add("closed " + direction);
    }

    @Override
    public void authenticated(String direction, String auth) {
      counted.add(auth + " " + direction);
    }

    @Override
    public void stanza(String direction) {
      counted.add("stanza " + direction);
    }

    @Override
    public void streamError(StreamErrorCondition condition) {
      counted.add(condition.elementName());
    }
  });

  @Test
  void aStreamsLife_countedOnce_andShownInTheStatus() {
    S2sStreams.Entry in = streams.open("in");
    S2sStreams.Entry out = streams.open("out");
    streams.authenticated(in, S2sMetrics.DIALBACK);
    streams.authenticated(in, S2sMetrics.DIALBACK); // a second domain pair on the same stream
    streams.authenticated(out, S2sMetrics.EXTERNAL);
    streams.stanza(in);
    streams.stanza(out);
    streams.stanza(out);
    assertThat(streams.list()).extracting(S2sStreams.Info::auth, S2sStreams.Info::stanzas)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("dialback", 1L),
            org.assertj.core.groups.Tuple.tuple("sasl-external", 2L));
    streams.closed(in);
    streams.closed(in); // a second close of one stream is not a second stream closed
    assertThat(counted).containsExactly("opened in", "opened out", "dialback in", "dialback in",
        "sasl-external out", "stanza in", "stanza out", "stanza out", "closed in");
    assertThat(streams.counts()).containsExactly(java.util.Map.entry("out", 1L));
  }
}
