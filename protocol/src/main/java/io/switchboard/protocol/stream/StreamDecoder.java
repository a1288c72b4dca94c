package io.switchboard.protocol.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.error.StreamErrorException;
import io.switchboard.protocol.stream.StreamEvent.ElementReceived;
import io.switchboard.protocol.stream.StreamEvent.StreamClosed;
import io.switchboard.protocol.stream.StreamEvent.StreamOpened;
import io.switchboard.protocol.stream.StreamEvent.Whitespace;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlNode;
import io.switchboard.protocol.xml.XmlText;
import io.switchboard.protocol.xml.XmlWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
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
 */
public final class StreamDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(StreamDecoder.class);

  /** The three content namespaces an XMPP server accepts on some listener. */
  public static final Set<String> ALL_CONTENT_NAMESPACES =
      Set.of(Namespaces.JABBER_CLIENT, Namespaces.JABBER_SERVER, Namespaces.COMPONENT_ACCEPT);

  static final int SLICE_BYTES = 4096;
  static final int RELEASE_AFTER_ELEMENT_BYTES = 16 * 1024;
  static final long RELEASE_AFTER_TOTAL_BYTES = 1024 * 1024;
  private static final byte[] EMPTY = new byte[0];
  private static final AsyncXMLInputFactory FACTORY = newFactory();

  private enum Phase { PROLOG, OPEN, CLOSED, FAILED }

  private enum Stop { NONE, RESTART, RELEASE, CLOSED }

  private final DecoderLimits limits;
  private final Set<String> contentNamespaces;
  private final ArrayList<Frame> frames = new ArrayList<>();

  private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
  private Phase phase;
  private StreamErrorException failure;
  /** Bytes fed to the current reader, in its offsets (a primed reader counts its synthetic header). */
  private long fed;
  /** Reader offset where the pending first-level unit (header, element, whitespace) began. */
  private long boundary;
  /** Reader offset just past the last first-level event handled. */
  private long lastEventEnd;
  private long elementBytesSinceFreshReader;
  /** 0 outside the stream root, 1 between first-level elements, 2 and more inside one. */
  private int depth;
  /** Prefix/URI pairs declared on the stream header, replayed when a reader is swapped. */
  private List<String[]> rootDeclarations = List.of();
  private boolean prologSawMarkupDeclaration;
  private boolean prologSawNul;
  private int prologPrevious = -1;
  private long prologBytes;
  private boolean inFeed;
  /** A non-whitespace byte has been fed since the last complete first-level event (phase OPEN). */
  private boolean markupPending;
  /** First-level events completed so far (the header and each element), for partial-element age. */
  private long completedElements;
  /** Array index of the slice last fed to the reader (see {@link #endOffset()}). */
  private int feedIndex;
  private boolean restartRequested;

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
    if (inFeed || reader == null || phase != Phase.OPEN || depth != 1 || lastEventEnd != fed) {
      return false;
    }
    reader = null;
    return true;
  }

  /** Whether the parser is dropped by {@link #hibernate()} (for tests). */
  public boolean isHibernating() {
    return reader == null && phase == Phase.OPEN;
  }

  /**
   * Whether part of a first-level element has been read and the element is not complete yet: some
   * byte other than whitespace arrived after the last complete element (whitespace keepalives
   * between elements do not count).
   */
  public boolean hasPartialElement() {
    return phase == Phase.OPEN && markupPending;
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
   *     {@link #restart()} or the stream was closed
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
      if (reader == null && phase == Phase.OPEN) {
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
        scanProlog(input, pos, n);
      }
      long sliceStart = fed;
      feedIndex = pos;
      reader.getInputFeeder().feedInput(input, pos, n);
      fed += n;
      Stop stop = drain(sink);
      trackMarkup(input, pos, sliceStart);
      if (stop == Stop.NONE) {
        pos += n;
        checkPending();
        continue;
      }
      pos += (int) (lastEventEnd - sliceStart);
      switch (stop) {
        case RELEASE -> freshReaderForOpenStream();
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

  /**
   * Keeps {@link #markupPending} true exactly when [boundary, fed) holds a byte other than XML
   * whitespace. Called after each slice [sliceStart, fed) was drained; the slice's bytes start at
   * {@code input[sliceIndex]}. Only bytes of this slice can change the answer: earlier pending
   * bytes were scanned when they were fed.
   */
  private void trackMarkup(byte[] input, int sliceIndex, long sliceStart) {
    if (phase != Phase.OPEN) {
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

  private Stop drain(Consumer<? super StreamEvent> sink) throws XMLStreamException, StreamErrorException {
    int event;
    while ((event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
      switch (event) {
        case XMLStreamConstants.START_DOCUMENT -> checkDeclaration();
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
        case XMLStreamConstants.COMMENT -> throw restricted("comments are not allowed");
        case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw restricted("processing instructions are not allowed");
        case XMLStreamConstants.DTD -> throw restricted("DTDs are not allowed");
        case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION,
            XMLStreamConstants.NOTATION_DECLARATION -> throw restricted("entity references are not allowed");
        default -> throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "unexpected XML event");
      }
      if (restartRequested) {
        return Stop.RESTART;
      }
    }
    return Stop.NONE;
  }

  private void checkDeclaration() throws StreamErrorException {
    String declared = reader.getCharacterEncodingScheme();
    if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
      throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
    }
  }

  private void startElement(Consumer<? super StreamEvent> sink) throws StreamErrorException {
    depth++;
    if (depth == 1) {
      openStream(sink);
      return;
    }
    if (depth - 1 > limits.maxDepth()) {
      throw policy("elements nested deeper than " + limits.maxDepth());
    }
    int namespaceCount = reader.getNamespaceCount();
    int attributeCount = reader.getAttributeCount();
    if (namespaceCount + attributeCount > limits.maxAttributes()) {
      throw policy("more than " + limits.maxAttributes() + " attributes on one element");
    }
    Frame frame = new Frame(reader.getLocalName(), reader.getNamespaceURI());
    for (int i = 0; i < attributeCount; i++) {
      String value = reader.getAttributeValue(i);
      if (value.length() > limits.maxAttributeValueChars()) {
        throw policy("attribute value longer than " + limits.maxAttributeValueChars());
      }
      frame.attributes.put(attributeKey(i), value);
    }
    if (!frames.isEmpty()) {
      frames.get(frames.size() - 1).flushText();
    }
    frames.add(frame);
  }

  private void openStream(Consumer<? super StreamEvent> sink) throws StreamErrorException {
    if (!Namespaces.STREAMS.equals(reader.getNamespaceURI()) || !"stream".equals(reader.getLocalName())) {
      throw new StreamErrorException(
          StreamErrorCondition.INVALID_NAMESPACE, "the stream root must be {" + Namespaces.STREAMS + "}stream");
    }
    int namespaceCount = reader.getNamespaceCount();
    int attributeCount = reader.getAttributeCount();
    if (namespaceCount + attributeCount > limits.maxAttributes()) {
      throw policy("too many attributes on the stream header");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    List<String[]> declarations = new ArrayList<>(namespaceCount);
    String contentNamespace = null;
    for (int i = 0; i < namespaceCount; i++) {
      String prefix = reader.getNamespacePrefix(i);
      String uri = reader.getNamespaceURI(i);
      uri = uri == null ? "" : uri;
      boolean isDefault = prefix == null || prefix.isEmpty();
      if (isDefault) {
        contentNamespace = uri;
      }
      declarations.add(new String[] {isDefault ? "" : prefix, uri});
      attributes.put(isDefault ? "xmlns" : "xmlns:" + prefix, uri);
    }
    if (contentNamespace == null || !contentNamespaces.contains(contentNamespace)) {
      throw new StreamErrorException(
          StreamErrorCondition.INVALID_NAMESPACE, "unsupported content namespace (default xmlns)");
    }
    for (int i = 0; i < attributeCount; i++) {
      String value = reader.getAttributeValue(i);
      if (value.length() > limits.maxAttributeValueChars()) {
        throw policy("attribute value longer than " + limits.maxAttributeValueChars());
      }
      attributes.put(attributeKey(i), value);
    }
    phase = Phase.OPEN;
    rootDeclarations = List.copyOf(declarations);
    completedElements++;
    lastEventEnd = endOffset();
    boundary = lastEventEnd;
    deliver(sink, new StreamOpened(attributes));
  }

  private Stop endElement(Consumer<? super StreamEvent> sink) throws StreamErrorException {
    if (depth == 1) {
      depth = 0;
      lastEventEnd = endOffset();
      phase = Phase.CLOSED;
      deliver(sink, StreamClosed.INSTANCE);
      return Stop.CLOSED;
    }
    Frame frame = frames.remove(frames.size() - 1);
    XmlElement element = frame.build();
    depth--;
    if (depth > 1) {
      frames.get(frames.size() - 1).children.add(element);
      return Stop.NONE;
    }
    lastEventEnd = endOffset();
    long size = lastEventEnd - boundary;
    if (size > limits.maxStanzaBytes()) {
      throw policy("stanza larger than " + limits.maxStanzaBytes() + " bytes");
    }
    boundary = lastEventEnd;
    completedElements++;
    elementBytesSinceFreshReader += size;
    deliver(sink, new ElementReceived(element, (int) size));
    if (restartRequested) {
      return Stop.RESTART;
    }
    if (size >= RELEASE_AFTER_ELEMENT_BYTES || elementBytesSinceFreshReader >= RELEASE_AFTER_TOTAL_BYTES) {
      return Stop.RELEASE;
    }
    return Stop.NONE;
  }

  private void characters(Consumer<? super StreamEvent> sink) throws StreamErrorException {
    if (depth >= 2) {
      frames.get(frames.size() - 1).appendText(reader.getText());
      return;
    }
    String text = reader.getText();
    if (!isXmlWhitespace(text)) {
      throw new StreamErrorException(
          depth == 1 ? StreamErrorCondition.BAD_FORMAT : StreamErrorCondition.NOT_WELL_FORMED,
          "character data outside of stanzas");
    }
    if (depth == 1 && !text.isEmpty()) {
      lastEventEnd = endOffset();
      boundary = lastEventEnd;
      deliver(sink, new Whitespace(text.length()));
    }
  }

  private void checkPending() throws StreamErrorException {
    if (fed - boundary > limits.maxStanzaBytes()) {
      throw policy(phase == Phase.PROLOG
          ? "stream header larger than " + limits.maxStanzaBytes() + " bytes"
          : "stanza larger than " + limits.maxStanzaBytes() + " bytes");
    }
  }

  private String attributeKey(int i) {
    String ns = reader.getAttributeNamespace(i);
    String local = reader.getAttributeLocalName(i);
    if (ns == null || ns.isEmpty()) {
      return local;
    }
    if (Namespaces.XML.equals(ns)) {
      return "xml:" + local;
    }
    return "{" + ns + "}" + local;
  }

  /**
   * The reader offset just past the current event. Aalto 1.3.3 adds the array index of the fed
   * slice to its byte count (it assumes input starts at index 0), so the slice's start index is
   * subtracted here.
   */
  private long endOffset() throws StreamErrorException {
    try {
      return reader.getLocationInfo().getEndingByteOffset() - feedIndex;
    } catch (XMLStreamException e) {
      throw map(e);
    }
  }

  private void scanProlog(byte[] input, int offset, int length) throws StreamErrorException {
    for (int i = offset; i < offset + length; i++) {
      int b = input[i] & 0xFF;
      if (prologBytes == 0 && (b == 0xFE || b == 0xFF)) {
        throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
      }
      if (b == 0) {
        prologSawNul = true;
      }
      if (prologPrevious == '<' && b == '!') {
        prologSawMarkupDeclaration = true;
      }
      prologPrevious = b;
      prologBytes++;
    }
  }

  private StreamErrorException map(Exception e) {
    LOG.debug("XML parse error: {}", e.toString());
    if (phase == Phase.PROLOG && prologSawNul) {
      return new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
    }
    if (phase == Phase.PROLOG && prologSawMarkupDeclaration) {
      return restricted("DTDs and comments are not allowed");
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("ENTITY_REFERENCE") || message.toLowerCase(java.util.Locale.ROOT).contains("entity")) {
      return restricted("entity references are not allowed");
    }
    return new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "XML is not well-formed");
  }

  private StreamErrorException fail(StreamErrorException e) {
    phase = Phase.FAILED;
    failure = e;
    frames.clear();
    reader = null;
    return e;
  }

  private static StreamErrorException restricted(String text) {
    return new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, text);
  }

  private static StreamErrorException policy(String text) {
    return new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, text);
  }

  private void releaseInputReference() {
    if (reader != null) {
      try {
        reader.getInputFeeder().feedInput(EMPTY, 0, 0);
        feedIndex = 0;
      } catch (XMLStreamException | RuntimeException e) {
        // Only possible if input is still pending, which drain() rules out; keep the reader as is.
        LOG.debug("could not release the input buffer: {}", e.toString());
      }
    }
  }

  private void resetForNewStream() {
    reader = FACTORY.createAsyncForByteArray();
    feedIndex = 0;
    phase = Phase.PROLOG;
    failure = null;
    fed = 0;
    boundary = 0;
    lastEventEnd = 0;
    elementBytesSinceFreshReader = 0;
    depth = 0;
    frames.clear();
    rootDeclarations = List.of();
    prologSawMarkupDeclaration = false;
    prologSawNul = false;
    prologPrevious = -1;
    prologBytes = 0;
    restartRequested = false;
    markupPending = false;
  }

  /** Replaces the reader mid-stream, primed with the stream header's namespace declarations. */
  private void freshReaderForOpenStream() throws XMLStreamException, StreamErrorException {
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
    byte[] header = sb.toString().getBytes(StandardCharsets.UTF_8);
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
    boundary = fed;
    lastEventEnd = fed;
    elementBytesSinceFreshReader = 0;
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

  private static AsyncXMLInputFactory newFactory() {
    AsyncXMLInputFactory f = new InputFactoryImpl();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
    f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
    return f;
  }

  /** An element being built. */
  private static final class Frame {
    final String name;
    final String namespace;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<XmlNode> children = new ArrayList<>(2);
    StringBuilder text;

    Frame(String name, String namespace) {
      this.name = name;
      this.namespace = namespace;
    }

    void appendText(String s) {
      if (text == null) {
        text = new StringBuilder(s.length());
      }
      text.append(s);
    }

    void flushText() {
      if (text != null && text.length() > 0) {
        children.add(new XmlText(text.toString()));
      }
      text = null;
    }

    XmlElement build() {
      flushText();
      return new XmlElement(name, namespace, attributes, children);
    }
  }
}
