package io.switchboard.node.stream;

import io.switchboard.protocol.error.StreamError;
import io.switchboard.protocol.xml.XmlElement;
import java.util.function.Consumer;

/** A bound session's {@link StanzaSink} that tells {@link StreamMetrics} what it writes (and when reading is held). */
final class CountingSink implements StanzaSink {
  private final StanzaSink sink;
  private final StreamMetrics metrics;

  CountingSink(StanzaSink sink, StreamMetrics metrics) {
    this.sink = sink;
    this.metrics = metrics;
  }

  @Override
  public void send(XmlElement element) {
    count(element);
    sink.send(element);
  }

  @Override
  public void send(XmlElement element, Consumer<Boolean> written) {
    count(element);
    sink.send(element, written);
  }

  @Override
  public void closeStream(StreamError error) {
    if (error != null) {
      metrics.streamError(error.condition());
    }
    sink.closeStream(error);
  }

  @Override
  public boolean isOpen() {
    return sink.isOpen();
  }

  @Override
  public void holdReads(boolean hold) {
    if (hold) {
      metrics.readsHeld();
    }
    sink.holdReads(hold);
  }

  private void count(XmlElement element) {
    StreamMetrics.Kind kind = StreamMetrics.Kind.of(element.name());
    if (kind != null) {
      metrics.stanzaOut(kind);
    }
  }
}
