package io.switchboard.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Reading a request body that must be one JSON object with known fields: anything else (not JSON,
 * trailing tokens, not an object, a field not in the list, a field of the wrong type) is refused
 * naming the field at fault, so a typo never goes unnoticed.
 */
public final class JsonBody {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonBody() {}

  /** A body that cannot be used; {@code field} is the one at fault, or null for the whole body. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    public final String field;

    Invalid(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  /** The body as an object whose field names are all in {@code fields} (listed in that order in the error). */
  static JsonNode object(byte[] body, List<String> fields) throws Invalid {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Invalid(null, "the request body is not valid JSON");
    } catch (IOException e) {
      throw new Invalid(null, "the request body could not be read");
    }
    if (root == null || !root.isObject()) {
      throw new Invalid(null, "the request body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new Invalid(name, "unknown field (allowed: " + String.join(", ", fields) + ")");
      }
    }
    return root;
  }

  /** A string field; absent or null is an error when {@code required}, else null. */
  static String text(JsonNode root, String field, boolean required) throws Invalid {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new Invalid(field, "is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new Invalid(field, "must be a string");
    }
    return n.textValue();
  }

  /** A required boolean field. */
  static boolean bool(JsonNode root, String field) throws Invalid {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new Invalid(field, "is required");
    }
    if (!n.isBoolean()) {
      throw new Invalid(field, "must be true or false");
    }
    return n.booleanValue();
  }
}
