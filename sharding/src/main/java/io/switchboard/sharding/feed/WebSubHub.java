package io.switchboard.sharding.feed;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The port for WebSub subscription requests (W3C WebSub §5.1): a form POST to the hub. The node
 * implements it over HTTP.
 */
public interface WebSubHub {

  /** {@code hub.mode} subscribe or unsubscribe. */
  record Request(String hub, String mode, String topic, String callback, String secret,
      Duration lease) {
    @Override
    public String toString() {
      return "Request[hub=" + hub + ", mode=" + mode + ", topic=" + topic + ", callback="
          + callback + "]";
    }
  }

  /** The hub's answer: accepted (2xx, verification follows) or refused with a reason. */
  record Answer(boolean accepted, String error) {
    public static Answer ok() {
      return new Answer(true, null);
    }

    public static Answer refused(String error) {
      return new Answer(false, error);
    }
  }

  /** Never completes exceptionally: a failure is a refused {@link Answer}. */
  CompletionStage<Answer> send(Request request);

  /** No WebSub: every request refused. */
  WebSubHub NONE = r -> java.util.concurrent.CompletableFuture.completedFuture(
      Answer.refused("WebSub is not configured"));
}
