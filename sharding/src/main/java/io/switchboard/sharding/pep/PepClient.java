package io.switchboard.sharding.pep;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jxmpp.jid.EntityBareJid;

/**
 * Pub-sub requests to an account's own PEP service, made by the server on the owner's behalf
 * (from the owner's bare JID, so the owner's rights apply), with the answer as a future: the
 * conversions between storages (bookmarks, avatars) read and write PEP nodes this way. Requests go
 * straight to the {@link PepHandler}, not through the account's IQ handlers, so a conversion never
 * triggers another. Thread-safe.
 */
public final class PepClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final AtomicLong IDS = new AtomicLong();

  private final PepHandler pep;

  public PepClient(PepHandler pep) {
    this.pep = pep;
  }

  /** The items of a node, or that it does not exist. */
  public record Items(boolean exists, List<XmlElement> items) {}

  /** Sends {@code payload} (a {@code <pubsub/>} element) in an IQ of {@code type}; completes with the answer. */
  public CompletionStage<XmlElement> ask(EntityBareJid owner, String type, XmlElement payload) {
    String bare = owner.toString();
    XmlElement iq = XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", type)
        .attr("id", "conversion-" + IDS.incrementAndGet()).attr("from", bare).attr("to", bare).child(payload).build();
    CompletableFuture<XmlElement> answer = new CompletableFuture<>();
    pep.handle(owner, iq, answer::complete);
    return answer.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  public CompletionStage<Items> items(EntityBareJid owner, String node) {
    return ask(owner, "get", XmlElement.builder("pubsub", Namespaces.PUBSUB)
        .child(XmlElement.builder("items", Namespaces.PUBSUB).attr("node", node)).build())
        .thenApply(answer -> {
          if (isResult(answer)) {
            List<XmlElement> items = answer.child("pubsub", Namespaces.PUBSUB)
                .flatMap(p -> p.child("items", Namespaces.PUBSUB))
                .map(i -> i.elements("item", Namespaces.PUBSUB)).orElse(List.of());
            return new Items(true, items);
          }
          if (hasCondition(answer, "item-not-found")) {
            return new Items(false, List.of());
          }
          throw new IllegalStateException("PEP items of " + node + " failed: " + answer.toXml());
        });
  }

  /**
   * Publishes {@code payload} as item {@code itemId} of {@code node} with publish-options
   * {@code options} (XEP-0223: {@code pubsub#persist_items}, {@code pubsub#access_model}...); fails
   * unless the service answers a result.
   */
  public CompletionStage<Void> publish(EntityBareJid owner, String node, String itemId, XmlElement payload,
      Map<String, String> options) {
    XmlElement.Builder pubsub = XmlElement.builder("pubsub", Namespaces.PUBSUB)
        .child(XmlElement.builder("publish", Namespaces.PUBSUB).attr("node", node)
            .child(XmlElement.builder("item", Namespaces.PUBSUB).attr("id", itemId).child(payload)));
    if (!options.isEmpty()) {
      XmlElement.Builder form = XmlElement.builder("x", Namespaces.DATA_FORMS).attr("type", "submit")
          .child(XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", "FORM_TYPE").attr("type", "hidden")
              .textChild("value", Namespaces.PUBSUB + "#publish-options"));
      options.forEach((k, v) -> form.child(XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", k)
          .textChild("value", v)));
      pubsub.child(XmlElement.builder("publish-options", Namespaces.PUBSUB).child(form));
    }
    return ask(owner, "set", pubsub.build()).thenAccept(answer -> requireResult(answer, "publish to " + node));
  }

  /** Retracts item {@code itemId} of {@code node}, notifying subscribers; an item already gone is not an error. */
  public CompletionStage<Void> retract(EntityBareJid owner, String node, String itemId) {
    return ask(owner, "set", XmlElement.builder("pubsub", Namespaces.PUBSUB)
        .child(XmlElement.builder("retract", Namespaces.PUBSUB).attr("node", node).attr("notify", "true")
            .child(XmlElement.builder("item", Namespaces.PUBSUB).attr("id", itemId))).build())
        .thenAccept(answer -> {
          if (!hasCondition(answer, "item-not-found")) {
            requireResult(answer, "retract from " + node);
          }
        });
  }

  public static boolean isResult(XmlElement iq) {
    return "result".equals(iq.attr("type"));
  }

  private static boolean hasCondition(XmlElement iq, String condition) {
    return "error".equals(iq.attr("type")) && iq.child("error", iq.namespace())
        .flatMap(e -> e.child(condition, Namespaces.STANZA_ERRORS)).isPresent();
  }

  private static void requireResult(XmlElement answer, String what) {
    if (!isResult(answer)) {
      throw new IllegalStateException("PEP " + what + " failed: " + answer.toXml());
    }
  }
}
