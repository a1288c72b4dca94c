package io.switchboard.node.api;

import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/**
 * An API error: the status and the body {@code {"error": "...", "field": "..."}} ({@code field}
 * only when one request field is at fault), written by {@link JsonResponse#error}.
 */
record ApiError(StatusCode status, String error, String field) {
  static ApiError of(StatusCode status, String error) {
    return new ApiError(status, error, null);
  }

  static ApiError field(StatusCode status, String field, String error) {
    return new ApiError(status, error, field);
  }

  HttpResponse response() {
    return JsonResponse.error(status, error, field);
  }
}
