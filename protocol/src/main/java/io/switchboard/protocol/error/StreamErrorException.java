package io.switchboard.protocol.error;

/**
 * Thrown when received data requires closing the stream with a stream error (RFC 6120 §4.9). The
 * message is safe to log: it never contains the offending payload.
 */
public class StreamErrorException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient StreamError error;

  public StreamErrorException(StreamErrorCondition condition, String text) {
    this(new StreamError(condition, text));
  }

  public StreamErrorException(StreamError error) {
    super(error.condition().elementName() + (error.text() == null ? "" : ": " + error.text()), null, false, false);
    this.error = error;
  }

  public StreamError error() {
    return error;
  }

  public StreamErrorCondition condition() {
    return error.condition();
  }
}
