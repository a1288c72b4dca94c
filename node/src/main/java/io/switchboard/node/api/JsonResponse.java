package io.switchboard.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Writing a JSON answer of the HTTP APIs and the management routes, the counterpart of
 * {@link JsonBody}: one mapper (records and maps as objects, {@code java.time} values as ISO-8601
 * text, compact), and one error shape,
 * {@code {"error": "...", "field": "..."}} with {@code field} only when one request field is at fault.
 */
public final class JsonResponse {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private JsonResponse() {}

  /** {@code body} (a record, map, list or Jackson node) as JSON bytes. */
  public static byte[] bytes(Object body) throws JsonProcessingException {
    return JSON.writeValueAsBytes(body);
  }

  /** {@code body} with {@code status}; a body that cannot be written is a bare 500 (a defect, logged by Pekko). */
  public static HttpResponse of(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, bytes(body));
    } catch (JsonProcessingException e) {
      return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR);
    }
  }

  /** {@code body} with 200. */
  public static HttpResponse ok(Object body) {
    return of(StatusCodes.OK, body);
  }

  /** The error body; {@code field} may be null. */
  public static HttpResponse error(StatusCode status, String message, String field) {
    return of(status, errorBody(message, field));
  }

  /** The error body without a field. */
  public static HttpResponse error(StatusCode status, String message) {
    return error(status, message, null);
  }

  static ObjectNode errorBody(String message, String field) {
    ObjectNode o = JSON.createObjectNode().put("error", message);
    if (field != null) {
      o.put("field", field);
    }
    return o;
  }

  /** A fresh object node to fill for {@link #ok}. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
