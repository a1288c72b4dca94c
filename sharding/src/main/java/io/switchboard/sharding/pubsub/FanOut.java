package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short-lived child of a {@link PubSubNode} that routes one notification to every recipient,
 * {@code batch} at a time, sending itself a message between batches. The entity hands over an
 * immutable recipient list and goes on at once: a node with 10,000 subscribers is never busy for
 * the whole fan-out, and other work (its own and its siblings') interleaves between batches.
 *
 * <p>PEP: the owner's audience (contacts with {@code +notify}, filtered by the node's access
 * model) comes asynchronously and is added to the subscribers. The worker is local to its
 * parent: its messages never cross the network, so they are not serializable.
 */
final class FanOut {
  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  sealed interface Msg {}

  private record AudienceLooked(Collection<String> audience, Throwable failure) implements Msg {}

  private enum Next implements Msg {
    INSTANCE
  }

  private FanOut() {}

  /** One message to every recipient (see the list form). */
  static Behavior<Msg> create(StanzaRouting routing, XmlElement template, List<String> recipients,
      CompletionStage<? extends Collection<String>> audience, int batch) {
    return create(routing, List.of(template), recipients, audience, batch);
  }

  /**
   * @param templates the messages, with {@code from} set and {@code to} filled in per recipient;
   *     each recipient gets them in this order
   * @param recipients JIDs to notify (subscribers)
   * @param audience more recipients to come (PEP, already filtered by the access model), or null
   */
  static Behavior<Msg> create(StanzaRouting routing, List<XmlElement> templates,
      List<String> recipients, CompletionStage<? extends Collection<String>> audience, int batch) {
    return Behaviors.setup(ctx -> {
      Set<String> targets = new LinkedHashSet<>(recipients);
      if (audience == null) {
        ctx.getSelf().tell(Next.INSTANCE);
        return running(ctx, routing, templates, new ArrayList<>(targets), 0, batch);
      }
      ctx.pipeToSelf(audience, AudienceLooked::new);
      return Behaviors.receive(Msg.class)
          .onMessage(AudienceLooked.class, looked -> {
            if (looked.failure() != null) {
              log.warn("PEP audience lookup failed; notifying subscribers only: {}",
                  looked.failure().toString());
            } else {
              targets.addAll(looked.audience());
            }
            ctx.getSelf().tell(Next.INSTANCE);
            return running(ctx, routing, templates, new ArrayList<>(targets), 0, batch);
          })
          .build();
    });
  }

  private static Behavior<Msg> running(ActorContext<Msg> ctx, StanzaRouting routing,
      List<XmlElement> templates, List<String> targets, int from, int batch) {
    return Behaviors.receive(Msg.class)
        .onMessageEquals(Next.INSTANCE, () -> {
          int to = Math.min(targets.size(), from + batch);
          for (int i = from; i < to; i++) {
            for (XmlElement template : templates) {
              try {
                routing.route(template.withAttribute("to", targets.get(i)));
              } catch (RuntimeException e) {
                log.warn("notification to {} not routed: {}", targets.get(i), e.toString());
              }
            }
          }
          if (to >= targets.size()) {
            return Behaviors.stopped();
          }
          ctx.getSelf().tell(Next.INSTANCE);
          return running(ctx, routing, templates, targets, to, batch);
        })
        .build();
  }
}
