package io.switchboard.deploy;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Adds Content-Type: application/json to the CRUD mock's answers, as a real API server sends it;
 * Pekko's discovery (pekko-http unmarshalling) rejects a pod list without it.
 */
final class JsonContentType extends Dispatcher {
  private final Dispatcher delegate;

  JsonContentType(Dispatcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = delegate.dispatch(request);
    if (response.header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }
}
