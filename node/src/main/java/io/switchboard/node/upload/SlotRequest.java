package io.switchboard.node.upload;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;

/**
 * An XEP-0363 §4 slot request, {@code <request xmlns='urn:xmpp:http:upload:0' filename size
 * [content-type]/>}, parsed once.
 */
sealed interface SlotRequest {

  /** A well-formed request. */
  record Valid(String filename, long size, String contentType) implements SlotRequest {}

  /** A malformed request: answered bad-request with {@code reason}. */
  record Invalid(String reason) implements SlotRequest {}

  int MAX_TYPE_LENGTH = 255;

  static SlotRequest parse(XmlElement request) {
    if (!request.is("request", Namespaces.HTTP_UPLOAD)) {
      return new Invalid("not a slot request");
    }
    String filename = request.attr("filename");
    if (filename == null || filename.isBlank()) {
      return new Invalid("the filename attribute is required");
    }
    String sizeText = request.attr("size");
    long size;
    try {
      size = Long.parseLong(sizeText == null ? "" : sizeText.trim());
    } catch (NumberFormatException e) {
      return new Invalid("the size attribute must be a number of bytes");
    }
    if (size < 0) {
      return new Invalid("the size must not be negative");
    }
    String type = request.attr("content-type");
    if (type != null) {
      type = type.trim();
      if (type.isEmpty()) {
        type = null;
      } else if (type.length() > MAX_TYPE_LENGTH || !type.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+"
          + "(\\s*;\\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+=(\"[^\"\\p{Cntrl}]*\"|[!#$%&'*+.^_`|~0-9A-Za-z-]+))*")) {
        return new Invalid("the content-type is not a media type");
      }
    }
    return new Valid(filename, size, type);
  }
}
