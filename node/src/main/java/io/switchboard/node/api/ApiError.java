package io.switchboard.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/**
 * An API error: the status and the body {@code {"error": "...", "field": "..."}} ({@code field}
 * only when one request field is at fault).
 */
record ApiError(StatusCode status, String error, String field) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ApiError of(StatusCode status, String error) {
    return new ApiError(status, error, null);
  }

  static ApiError field(StatusCode status, String field, String error) {
    return new ApiError(status, error, field);
  }

  String json() {
    ObjectNode o = JSON.createObjectNode().put("error", error);
    if (field != null) {
      o.put("field", field);
    }
    return o.toString();
  }

  HttpResponse response() {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, json().getBytes(StandardCharsets.UTF_8));
  }
}
