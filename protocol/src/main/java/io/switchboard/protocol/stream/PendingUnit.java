package io.switchboard.protocol.stream;

import io.switchboard.protocol.error.StreamErrorException;

/**
 * The byte accounting of a {@link StreamDecoder}: where the pending first-level unit (the stream
 * header, an element, or whitespace between elements) began, in the current reader's offsets, and
 * what it holds so far.
 *
 * <p>The decoder measures the pending unit after every slice it feeds, so an oversized stanza or
 * stream header is refused once it passes {@link DecoderLimits#maxStanzaBytes()} by at most one
 * slice rather than when it is complete. Whether the pending bytes hold anything but whitespace is
 * tracked alongside, so that a whitespace keepalive between elements is not mistaken for a partly
 * read element ({@link StreamDecoder#hasPartialElement()}). Offsets restart when the decoder
 * swaps in a fresh reader ({@link #newReader(long)}), as do the bytes of elements counted since
 * then.
 */
final class PendingUnit {
  /** Reader offset where the pending first-level unit began. */
  private long boundary;
  /** Reader offset just past the last first-level event handled. */
  private long lastEventEnd;
  /** Bytes of first-level elements completed since the current reader was created. */
  private long elementBytes;
  /** A non-whitespace byte has been fed since the last complete first-level event (phase OPEN). */
  private boolean markupPending;

  /** For a new stream, read by a fresh reader from offset 0. */
  void newStream() {
    newReader(0);
    markupPending = false;
  }

  /** For a fresh reader whose offsets start after a synthetic header of {@code start} bytes. */
  void newReader(long start) {
    boundary = start;
    lastEventEnd = start;
    elementBytes = 0;
  }

  long lastEventEnd() {
    return lastEventEnd;
  }

  long elementBytes() {
    return elementBytes;
  }

  boolean markupPending() {
    return markupPending;
  }

  /** Whether nothing was fed after the last first-level event. */
  boolean isEmpty(long fed) {
    return lastEventEnd == fed;
  }

  /** The stream header or whitespace between elements ended at {@code end}. */
  void unitEnded(long end) {
    lastEventEnd = end;
    boundary = end;
  }

  /** The stream's closing tag ended at {@code end}. */
  void streamEnded(long end) {
    lastEventEnd = end;
  }

  /**
   * A first-level element ended at {@code end}; returns its size in bytes.
   *
   * @throws StreamErrorException policy-violation when it is larger
   *     than {@link DecoderLimits#maxStanzaBytes()}
   */
  long elementEnded(long end, DecoderLimits limits) throws StreamErrorException {
    lastEventEnd = end;
    long size = lastEventEnd - boundary;
    if (size > limits.maxStanzaBytes()) {
      throw ElementTree.policy("stanza larger than " + limits.maxStanzaBytes() + " bytes");
    }
    boundary = lastEventEnd;
    elementBytes += size;
    return size;
  }

  /**
   * Refuses a pending unit already larger than {@link DecoderLimits#maxStanzaBytes()}.
   *
   * @param fed bytes fed to the current reader
   * @param header whether the pending unit is the stream header
   */
  void checkSize(long fed, DecoderLimits limits, boolean header) throws StreamErrorException {
    if (fed - boundary > limits.maxStanzaBytes()) {
      throw ElementTree.policy(header
          ? "stream header larger than " + limits.maxStanzaBytes() + " bytes"
          : "stanza larger than " + limits.maxStanzaBytes() + " bytes");
    }
  }

  /**
   * Keeps {@link #markupPending()} true exactly when [boundary, fed) holds a byte other than XML
   * whitespace. Called after each slice [sliceStart, fed) was drained; the slice's bytes start at
   * {@code input[sliceIndex]}. Only bytes of this slice can change the answer: earlier pending
   * bytes were scanned when they were fed.
   *
   * @param open whether the stream is open (header read, not closed or failed); false clears it
   */
  void trackMarkup(byte[] input, int sliceIndex, long sliceStart, long fed, boolean open) {
    if (!open) {
      markupPending = false;
      return;
    }
    long from;
    if (boundary >= sliceStart) {
      markupPending = false; // an event ended in this slice: only what follows it is pending
      from = boundary;
    } else if (markupPending) {
      return;
    } else {
      from = sliceStart;
    }
    for (long o = from; o < fed; o++) {
      byte b = input[sliceIndex + (int) (o - sliceStart)];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        markupPending = true;
        return;
      }
    }
  }
}
