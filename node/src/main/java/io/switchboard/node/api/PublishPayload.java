package io.switchboard.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.protocol.xml.XmlParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * The payload of a published item, from the request body: JSON becomes an XEP-0335 JSON container
 * ({@code <json xmlns='urn:xmpp:json:0'>...</json>}); an Atom {@code <entry/>} is parsed with the
 * protocol module's restricted-XML parser (no DTD, no entities, no comments or PIs) and becomes the
 * item's payload as is (the Atom over pub-sub convention of XEP-0060 §4.3).
 */
final class PublishPayload {
  static final String JSON_NS = "urn:xmpp:json:0";
  static final String ATOM_NS = "http://www.w3.org/2005/Atom";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern DECLARATION = Pattern.compile("^<\\?xml\\s[^?]*\\?>");

  private PublishPayload() {}

  /** Why a body is not a payload (answered 400 with field "body"). */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  static XmlElement fromJson(byte[] body) throws Invalid {
    String text = utf8(body);
    try {
      com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(text);
      if (tree == null || tree.isMissingNode()) {
        throw new Invalid("the body is empty");
      }
    } catch (JsonProcessingException e) {
      throw new Invalid("the body is not valid JSON");
    } catch (IOException e) {
      throw new Invalid("the body could not be read");
    }
    return XmlElement.builder("json", JSON_NS).text(text.strip()).build();
  }

  static XmlElement fromAtom(byte[] body) throws Invalid {
    String text = utf8(body).strip();
    // The XML declaration alone is allowed (the stream parser would take it for a PI).
    text = DECLARATION.matcher(text).replaceFirst("").strip();
    XmlElement entry = XmlParser.parse(text).orElseThrow(() ->
        new Invalid("the body is not one well-formed XML element (DTDs, entities, comments and processing "
            + "instructions are not allowed)"));
    if (!entry.is("entry", ATOM_NS)) {
      throw new Invalid("the body must be an Atom <entry xmlns='" + ATOM_NS + "'>");
    }
    return entry;
  }

  private static String utf8(byte[] body) throws Invalid {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new Invalid("the body is not UTF-8");
    }
  }
}
