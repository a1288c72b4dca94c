package io.switchboard.protocol.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * The Aalto async reader a {@link StreamDecoder} currently feeds, and the swapping of it.
 *
 * <p>The slot is empty while the decoder hibernates or after it failed. A reader swapped in
 * mid-stream cannot start at a first-level element: the stream's prefixes and default namespace
 * are declared on the header the old reader consumed. So a fresh reader is primed with a
 * synthetic {@code <?xml version='1.0'?><p:stream ...>} carrying the header's namespace
 * declarations, parsed up to its start tag; offsets of a primed reader count that synthetic
 * header.
 *
 * <p>Aalto references the caller's array only while a slice is fed; {@link #releaseInput()} feeds
 * an empty array afterwards so no reference outlives the call. Aalto 1.3.3 adds the array index of
 * the fed slice to its byte count (it assumes input starts at index 0), so {@link #endOffset()}
 * subtracts it.
 */
final class ReaderSlot {
  private static final byte[] EMPTY = new byte[0];
  private static final AsyncXMLInputFactory FACTORY = newFactory();

  private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
  /** Array index of the slice last fed to the reader (see {@link #endOffset()}). */
  private int feedIndex;
  /** Bytes fed to the current reader, in its offsets (a primed reader counts its synthetic header). */
  private long fed;

  /** The current reader; null while the slot is empty. */
  AsyncXMLStreamReader<AsyncByteArrayFeeder> reader() {
    return reader;
  }

  boolean isEmpty() {
    return reader == null;
  }

  /** Bytes fed to the current reader, in its offsets. */
  long fed() {
    return fed;
  }

  /** Drops the reader and its buffers. */
  void clear() {
    reader = null;
  }

  /** A fresh reader for the start of a stream (before its prolog). */
  void fresh() {
    reader = FACTORY.createAsyncForByteArray();
    feedIndex = 0;
    fed = 0;
  }

  /**
   * Replaces the reader mid-stream with a fresh one primed with the stream header's namespace
   * declarations (prefix/URI pairs, "" for the default namespace).
   */
  void primed(List<String[]> rootDeclarations) throws XMLStreamException, StreamErrorException {
    byte[] header = primingHeader(rootDeclarations);
    AsyncXMLStreamReader<AsyncByteArrayFeeder> fresh = FACTORY.createAsyncForByteArray();
    fresh.getInputFeeder().feedInput(header, 0, header.length);
    int event;
    while ((event = fresh.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
      if (event == XMLStreamConstants.START_ELEMENT) {
        break;
      }
    }
    if (event != XMLStreamConstants.START_ELEMENT) {
      throw new StreamErrorException(StreamErrorCondition.INTERNAL_SERVER_ERROR, "parser reset failed");
    }
    fresh.getInputFeeder().feedInput(EMPTY, 0, 0);
    feedIndex = 0;
    reader = fresh;
    fed = header.length;
  }

  /** Feeds {@code input[index, index + length)} to the reader. */
  void feed(byte[] input, int index, int length) throws XMLStreamException {
    feedIndex = index;
    reader.getInputFeeder().feedInput(input, index, length);
    fed += length;
  }

  /** The reader offset just past the current event. */
  long endOffset() throws XMLStreamException {
    return reader.getLocationInfo().getEndingByteOffset() - feedIndex;
  }

  /**
   * Makes the reader let go of the last array fed. Only fails if input is still pending, which
   * the decoder rules out by draining every slice; the reader is then kept as is.
   */
  void releaseInput() throws XMLStreamException {
    if (reader != null) {
      reader.getInputFeeder().feedInput(EMPTY, 0, 0);
      feedIndex = 0;
    }
  }

  private static byte[] primingHeader(List<String[]> rootDeclarations) throws StreamErrorException {
    String streamPrefix = null;
    StringBuilder declarations = new StringBuilder(128);
    for (String[] declaration : rootDeclarations) {
      if (streamPrefix == null && !declaration[0].isEmpty() && declaration[1].equals(Namespaces.STREAMS)) {
        streamPrefix = declaration[0];
      }
      declarations.append(declaration[0].isEmpty() ? " xmlns" : " xmlns:" + declaration[0]).append("=\"");
      XmlWriter.escapeAttribute(declaration[1], declarations);
      declarations.append('"');
    }
    if (streamPrefix == null) { // cannot happen: the root was checked to be in the streams namespace
      throw new StreamErrorException(StreamErrorCondition.INTERNAL_SERVER_ERROR, "parser reset failed");
    }
    StringBuilder sb = new StringBuilder(160).append("<?xml version='1.0'?><").append(streamPrefix).append(":stream");
    sb.append(declarations);
    sb.append('>');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static AsyncXMLInputFactory newFactory() {
    AsyncXMLInputFactory f = new InputFactoryImpl();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
    f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
    return f;
  }
}
