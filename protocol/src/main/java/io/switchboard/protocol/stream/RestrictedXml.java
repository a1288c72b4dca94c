package io.switchboard.protocol.stream;

import io.switchboard.protocol.error.StreamErrorCondition;
import io.switchboard.protocol.error.StreamErrorException;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * RFC 6120's restricted XML (§11.1) and encoding rule (§11.6) for one stream of a
 * {@link StreamDecoder}, on top of the parser's own well-formedness checks: which stream error
 * answers a forbidden event, a non-UTF-8 declaration or a parse error.
 *
 * <p>So that a parse error before the stream header gets the right condition, the bytes fed
 * before it are scanned as they are fed: a byte order mark FE/FF at the start is
 * {@code <unsupported-encoding/>} at once, and a parse error in the prolog is
 * {@code <unsupported-encoding/>} after a NUL byte (UTF-16/32 input) and {@code <restricted-xml/>}
 * after {@code <!} (a DTD or comment). A parse error naming an entity is
 * {@code <restricted-xml/>}; any other parse error {@code <not-well-formed/>}. One instance per
 * stream prolog (the decoder drops it once the header is read).
 */
final class RestrictedXml {
  private boolean prologSawMarkupDeclaration;
  private boolean prologSawNul;
  private int prologPrevious = -1;
  private long prologBytes;

  /** Scans bytes about to be fed while the stream header has not been read. */
  void scanProlog(byte[] input, int offset, int length) throws StreamErrorException {
    for (int i = offset; i < offset + length; i++) {
      int b = input[i] & 0xFF;
      if (prologBytes == 0 && (b == 0xFE || b == 0xFF)) {
        throw unsupportedEncoding();
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

  /**
   * The stream error for a parse error the reader threw.
   *
   * @param inProlog whether the stream header had not been read yet
   */
  StreamErrorException map(Exception e, boolean inProlog) {
    if (inProlog && prologSawNul) {
      return unsupportedEncoding();
    }
    if (inProlog && prologSawMarkupDeclaration) {
      return restricted("DTDs and comments are not allowed");
    }
    return mapOutsideProlog(e);
  }

  /** The stream error for a parse error after the stream header (no prolog state is needed). */
  static StreamErrorException mapOutsideProlog(Exception e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("ENTITY_REFERENCE") || message.toLowerCase(Locale.ROOT).contains("entity")) {
      return restricted("entity references are not allowed");
    }
    return new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "XML is not well-formed");
  }

  /** Checks the XML declaration at the reader's START_DOCUMENT event: UTF-8 or none declared. */
  static void checkDeclaration(XMLStreamReader reader) throws StreamErrorException {
    String declared = reader.getCharacterEncodingScheme();
    if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
      throw unsupportedEncoding();
    }
  }

  /**
   * The stream error for a reader event a stream never carries: comments, processing instructions
   * (the XML declaration is reported as START_DOCUMENT, not as one), DTDs and entity references.
   */
  static StreamErrorException forbidden(int event) {
    return switch (event) {
      case XMLStreamConstants.COMMENT -> restricted("comments are not allowed");
      case XMLStreamConstants.PROCESSING_INSTRUCTION -> restricted("processing instructions are not allowed");
      case XMLStreamConstants.DTD -> restricted("DTDs are not allowed");
      case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION,
          XMLStreamConstants.NOTATION_DECLARATION -> restricted("entity references are not allowed");
      default -> new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "unexpected XML event");
    };
  }

  private static StreamErrorException unsupportedEncoding() {
    return new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
  }

  private static StreamErrorException restricted(String text) {
    return new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, text);
  }
}
