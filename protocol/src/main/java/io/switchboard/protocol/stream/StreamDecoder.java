package io.switchboard.protocol.stream;

import com.fasterxml.aalto.AsyncXMLStreamReader;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.StreamEvent.ElementReceived;
import io.switchboard.protocol.stream.StreamEvent.StreamClosed;
import io.switchboard.protocol.stream.StreamEvent.StreamOpened;
import io.switchboard.protocol.stream.StreamEvent.Whitespace;
import io.switchboard.protocol.xml.XmlElement;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Non-blocking XMPP stream decoder: bytes in, {@link StreamEvent}s out. One instance per
 * connection, used by one thread at a time.
 *
 * <p>Built on Aalto's async parser, which keeps all partial state itself, so input may be split
 * anywhere (inside tags, inside multi-byte UTF-8 sequences). On top of it the decoder enforces
 * RFC 6120's restricted XML (§11.1): DTDs, comments, processing instructions other than the XML
 * declaration, and entity references other than the predefined and numeric ones are answered
 * with {@code <restricted-xml/>}; malformed input with {@code <not-well-formed/>}; a stream root
 * other than {http://etherx.jabber.org/streams}stream or an unaccepted default namespace with
 * {@code <invalid-namespace/>} (§4.8.1, §4.8.2); a declared encoding other than UTF-8 or a
 * UTF-16/32 byte stream with {@code <unsupported-encoding/>} (§11.6). Size, depth and attribute
 * limits ({@link DecoderLimits}) are answered with {@code <policy-violation/>}.
 *
 * <p>Memory. Input is handed to Aalto in slices of at most {@value #SLICE_BYTES} bytes and the
 * pending (incomplete) first-level element is measured after every slice, so an oversized stanza
 * is refused once it passes the limit by at most one slice, never buffered whole. Aalto
 * references the caller's array only while {@code feed} runs. Aalto's own buffers (its text
 * builder, attribute buffers and per-reader name table) only ever grow and are released only when
 * a reader is dropped, so after a first-level element of {@value #RELEASE_AFTER_ELEMENT_BYTES}
 * bytes or more, and after every {@value #RELEASE_AFTER_TOTAL_BYTES} bytes of elements, the
 * decoder swaps in a fresh reader primed with a synthetic copy of the stream header's namespace
 * declarations. That bounds the idle footprint per connection to a fresh reader's plus the largest
 * element seen since the last swap, and bounds the name table an attacker can grow with unique
 * element names.
 *
 * <p>Parts: {@link RestrictedXml} picks the stream error for forbidden XML and parse errors,
 * {@link StreamRoot} checks the stream header, {@link ElementTree} builds each first-level element
 * under the per-element limits, {@link PendingUnit} measures the pending first-level unit in
 * reader offsets, and {@link ReaderSlot} holds the Aalto reader and primes fresh ones. This class
 * feeds the slices, keeps the stream's phase and depth, dispatches the reader's events and decides
 * when to stop, restart or swap the reader.
 */
public final class StreamDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(StreamDecoder.class);

  /** The three content namespaces an XMPP server accepts on some listener. */
  public static final Set<String> ALL_CONTENT_NAMESPACES =
      Set.of(Namespaces.JABBER_CLIENT, Namespaces.JABBER_SERVER, Namespaces.COMPONENT_ACCEPT);

  static final int SLICE_BYTES = 4096;
  static final int RELEASE_AFTER_ELEMENT_BYTES = 16 * 1024;
  static final long RELEASE_AFTER_TOTAL_BYTES = 1024 * 1024;

  private enum Phase { PROLOG, OPEN, CLOSED, FAILED }

  private enum Stop { NONE, RESTART, RELEASE, PAUSE, CLOSED }

  private final DecoderLimits limits;
  private final Set<String> contentNamespaces;
  private final ElementTree tree;
  /** The prolog's scan, only while a stream header is awaited (null after: no state per open stream). */
  private RestrictedXml prolog;
  private final ReaderSlot slot = new ReaderSlot();
  private final PendingUnit pending = new PendingUnit();

  private Phase phase;
  private StreamErrorException failure;
  /** 0 outside the stream root, 1 between first-level elements, 2 and more inside one. */
  private int depth;
  /** Prefix/URI pairs declared on the stream header, replayed when a reader is swapped. */
  private List<String[]> rootDeclarations = List.of();
  private boolean inFeed;
  /** First-level events completed so far (the header and each element), for partial-element age. */
  private long completedElements;
  private boolean restartRequested;
  private boolean pauseRequested;

  /** A decoder accepting any of {@link #ALL_CONTENT_NAMESPACES}. */
  public StreamDecoder(DecoderLimits limits) {
    this(limits, ALL_CONTENT_NAMESPACES);
  }

  /**
   * @param contentNamespaces default namespaces accepted on the stream header, e.g.
   *     {@code Set.of(Namespaces.JABBER_CLIENT)} on a c2s listener
   */
  public StreamDecoder(DecoderLimits limits, Set<String> contentNamespaces) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.contentNamespaces = Set.copyOf(contentNamespaces);
    this.tree = new ElementTree(this.limits);
    resetForNewStream();
  }

  public DecoderLimits limits() {
    return limits;
  }

  /**
   * Drops the parser while the stream sits between first-level elements with nothing pending, to
   * give its buffers and symbol tables (about 4.5 KB, most of an idle connection's parsing state)
   * back; the next {@code feed} primes a fresh one with the stream header's namespace
   * declarations. Returns whether it dropped it (false mid-element, before the header, or when
   * there is no parser to drop).
   */
  public boolean hibernate() {
    if (inFeed || slot.isEmpty() || phase != Phase.OPEN || depth != 1 || !pending.isEmpty(slot.fed())) {
      return false;
    }
    slot.clear();
    return true;
  }

  /** Whether the parser is dropped by {@link #hibernate()} (for tests). */
  public boolean isHibernating() {
    return slot.isEmpty() && phase == Phase.OPEN;
  }

  /**
   * Whether part of a first-level element has been read and the element is not complete yet: some
   * byte other than whitespace arrived after the last complete element (whitespace keepalives
   * between elements do not count).
   */
  public boolean hasPartialElement() {
    return phase == Phase.OPEN && pending.markupPending();
  }

  /**
   * How many first-level events (the stream header and each element) this stream has completed:
   * with {@link #hasPartialElement()}, a caller can tell a new partial element from the same one.
   */
  public long completedElements() {
    return completedElements;
  }

  /** Whether the peer's stream header has been read and its stream not yet closed. */
  public boolean isStreamOpen() {
    return phase == Phase.OPEN;
  }

  /** Whether the peer closed its stream; further input is not parsed. */
  public boolean isStreamClosed() {
    return phase == Phase.CLOSED;
  }

  /**
   * Starts a new stream with a fresh parser, as after STARTTLS or SASL success (RFC 6120 §4.3.3).
   * Called from the event sink during {@code feed}, it takes effect right after the current event
   * and the rest of that input is not parsed: {@code feed} returns how many bytes it left, which
   * after {@code <starttls/>} must be discarded (they were sent before TLS; RFC 6120 §5.4.3.3).
   */
  public void restart() {
    if (inFeed) {
      restartRequested = true;
    } else {
      resetForNewStream();
    }
  }

  /**
   * Stops parsing right after the current event, leaving the stream as it is: called from the event
   * sink during {@code feed}, which then returns how many bytes it did not parse. The caller keeps
   * them and feeds them again later, first, when it wants the next events (a connection whose
   * reading is held must not hand on the rest of what one socket read brought in). The parser is
   * swapped as after a large element, so the bytes it had already taken past the event are parsed
   * again from the event's end. Outside {@code feed}, or on the stream's closing tag, there is
   * nothing to stop and the call is forgotten.
   */
  public void pause() {
    if (inFeed) {
      pauseRequested = true;
    }
  }

  /** Convenience for tests and simple callers: the events of one input, in order. */
  public List<StreamEvent> feed(byte[] input) throws StreamErrorException {
    List<StreamEvent> out = new ArrayList<>(2);
    feed(input, 0, input.length, out::add);
    return out;
  }

  /**
   * Parses {@code remaining()} bytes of {@code input}, advancing its position past the bytes
   * parsed. See {@link #feed(byte[], int, int, Consumer)}.
   */
  public int feed(ByteBuffer input, Consumer<? super StreamEvent> sink) throws StreamErrorException {
    if (input.hasArray()) {
      int length = input.remaining();
      int left = feed(input.array(), input.arrayOffset() + input.position(), length, sink);
      input.position(input.position() + length - left);
      return left;
    }
    byte[] chunk = new byte[Math.min(input.remaining(), SLICE_BYTES)];
    while (input.hasRemaining()) {
      int n = Math.min(chunk.length, input.remaining());
      input.get(chunk, 0, n);
      int left = feed(chunk, 0, n, sink);
      if (left > 0) {
        input.position(input.position() - left);
        return input.remaining();
      }
    }
    return 0;
  }

  /**
   * Parses {@code length} bytes of {@code input} and hands each complete event to {@code sink} as
   * soon as it is parsed. Events before an error are delivered before the error is thrown. The
   * sink must not throw; it may call {@link #restart()}.
   *
   * @return the number of trailing input bytes not parsed: non-zero only when the sink called
   *     {@link #restart()} or {@link #pause()}, or the stream was closed
   * @throws StreamErrorException when the stream must be closed with a stream error; the decoder
   *     then stays failed and rethrows it on every further call until {@link #restart()}
   */
  public int feed(byte[] input, int offset, int length, Consumer<? super StreamEvent> sink)
      throws StreamErrorException {
    Objects.checkFromIndexSize(offset, length, input.length);
    if (phase == Phase.FAILED) {
      throw failure;
    }
    if (inFeed) {
      throw new IllegalStateException("feed is not re-entrant");
    }
    inFeed = true;
    try {
      if (slot.isEmpty() && phase == Phase.OPEN) {
        freshReaderForOpenStream(); // hibernated
      }
      return feedSlices(input, offset, offset + length, sink);
    } catch (StreamErrorException e) {
      throw fail(e);
    } catch (SinkFailure e) {
      fail(new StreamErrorException(StreamErrorCondition.INTERNAL_SERVER_ERROR, "event handler failed"));
      throw e.cause;
    } catch (XMLStreamException | RuntimeException e) {
      throw fail(map(e));
    } finally {
      inFeed = false;
      pauseRequested = false;
      releaseInputReference();
    }
  }

  private int feedSlices(byte[] input, int pos, int end, Consumer<? super StreamEvent> sink)
      throws XMLStreamException, StreamErrorException {
    while (pos < end) {
      if (phase == Phase.CLOSED) {
        return end - pos;
      }
      int n = Math.min(SLICE_BYTES, end - pos);
      if (phase == Phase.PROLOG) {
        prolog.scanProlog(input, pos, n);
      }
      long sliceStart = slot.fed();
      slot.feed(input, pos, n);
      Stop stop = drain(sink);
      pending.trackMarkup(input, pos, sliceStart, slot.fed(), phase == Phase.OPEN);
      if (stop == Stop.NONE) {
        pos += n;
        pending.checkSize(slot.fed(), limits, phase == Phase.PROLOG);
        continue;
      }
      pos += (int) (pending.lastEventEnd() - sliceStart);
      switch (stop) {
        case RELEASE -> freshReaderForOpenStream();
        case PAUSE -> {
          freshReaderForOpenStream();
          return end - pos;
        }
        case RESTART -> {
          resetForNewStream();
          return end - pos;
        }
        default -> {
          return end - pos;
        }
      }
    }
    return 0;
  }

  private Stop drain(Consumer<? super StreamEvent> sink) throws XMLStreamException, StreamErrorException {
    AsyncXMLStreamReader<?> reader = slot.reader();
    int event;
    while ((event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
      switch (event) {
        case XMLStreamConstants.START_DOCUMENT -> RestrictedXml.checkDeclaration(reader);
        case XMLStreamConstants.START_ELEMENT -> startElement(sink);
        case XMLStreamConstants.END_ELEMENT -> {
          Stop stop = endElement(sink);
          if (stop != Stop.NONE) {
            return stop;
          }
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA ->
            characters(sink);
        case XMLStreamConstants.END_DOCUMENT -> {
          phase = Phase.CLOSED;
          return Stop.CLOSED;
        }
        default -> throw RestrictedXml.forbidden(event);
      }
      if (restartRequested) {
        return Stop.RESTART;
      }
      if (pauseRequested && phase == Phase.OPEN && depth == 1) {
        pauseRequested = false;
        return Stop.PAUSE;
      }
    }
    return Stop.NONE;
  }

  private void startElement(Consumer<? super StreamEvent> sink) throws StreamErrorException {
    depth++;
    if (depth == 1) {
      openStream(sink);
      return;
    }
    tree.start(slot.reader(), depth);
  }

  private void openStream(Consumer<? super StreamEvent> sink) throws StreamErrorException {
    StreamRoot root = StreamRoot.read(slot.reader(), limits, contentNamespaces);
    phase = Phase.OPEN;
    prolog = null;
    rootDeclarations = root.declarations();
    completedElements++;
    pending.unitEnded(endOffset());
    deliver(sink, new StreamOpened(root.attributes()));
  }

  private Stop endElement(Consumer<? super StreamEvent> sink) throws StreamErrorException {
    if (depth == 1) {
      depth = 0;
      pending.streamEnded(endOffset());
      phase = Phase.CLOSED;
      deliver(sink, StreamClosed.INSTANCE);
      return Stop.CLOSED;
    }
    XmlElement element = tree.end();
    depth--;
    if (depth > 1) {
      return Stop.NONE;
    }
    long size = pending.elementEnded(endOffset(), limits);
    completedElements++;
    deliver(sink, new ElementReceived(element, (int) size));
    if (restartRequested) {
      return Stop.RESTART;
    }
    if (pauseRequested) {
      pauseRequested = false;
      return Stop.PAUSE;
    }
    if (size >= RELEASE_AFTER_ELEMENT_BYTES || pending.elementBytes() >= RELEASE_AFTER_TOTAL_BYTES) {
      return Stop.RELEASE;
    }
    return Stop.NONE;
  }

  private void characters(Consumer<? super StreamEvent> sink) throws StreamErrorException {
    String text = slot.reader().getText();
    if (depth >= 2) {
      tree.text(text);
      return;
    }
    if (!isXmlWhitespace(text)) {
      throw new StreamErrorException(
          depth == 1 ? StreamErrorCondition.BAD_FORMAT : StreamErrorCondition.NOT_WELL_FORMED,
          "character data outside of stanzas");
    }
    if (depth == 1 && !text.isEmpty()) {
      pending.unitEnded(endOffset());
      deliver(sink, new Whitespace(text.length()));
    }
  }

  /** The reader offset just past the current event. */
  private long endOffset() throws StreamErrorException {
    try {
      return slot.endOffset();
    } catch (XMLStreamException e) {
      throw map(e);
    }
  }

  private StreamErrorException map(Exception e) {
    LOG.debug("XML parse error: {}", e.toString());
    return phase == Phase.PROLOG && prolog != null ? prolog.map(e, true) : RestrictedXml.mapOutsideProlog(e);
  }

  private StreamErrorException fail(StreamErrorException e) {
    phase = Phase.FAILED;
    failure = e;
    tree.clear();
    slot.clear();
    return e;
  }

  private void releaseInputReference() {
    try {
      slot.releaseInput();
    } catch (XMLStreamException | RuntimeException e) {
      // Only possible if input is still pending, which drain() rules out; keep the reader as is.
      LOG.debug("could not release the input buffer: {}", e.toString());
    }
  }

  private void resetForNewStream() {
    slot.fresh();
    phase = Phase.PROLOG;
    failure = null;
    pending.newStream();
    depth = 0;
    tree.clear();
    rootDeclarations = List.of();
    prolog = new RestrictedXml();
    restartRequested = false;
  }

  /** Replaces the reader mid-stream, primed with the stream header's namespace declarations. */
  private void freshReaderForOpenStream() throws XMLStreamException, StreamErrorException {
    slot.primed(rootDeclarations);
    pending.newReader(slot.fed());
  }

  private static void deliver(Consumer<? super StreamEvent> sink, StreamEvent event) {
    try {
      sink.accept(event);
    } catch (RuntimeException e) {
      throw new SinkFailure(e);
    }
  }

  /** Carries an exception thrown by the caller's sink past the parser-error mapping. */
  private static final class SinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RuntimeException cause;

    SinkFailure(RuntimeException cause) {
      super(null, null, false, false);
      this.cause = cause;
    }
  }

  private static boolean isXmlWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
    }
    return true;
  }
}
