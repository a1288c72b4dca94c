package io.switchboard.sharding.muc;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's hand on another node. A room sends what goes to occupants whose accounts live on node
 * N as one {@link Deliver} to a relay on N, which routes each stanza to its recipient's entity
 * there: a message to 2,000 occupants spread over three nodes crosses the network three times,
 * not 2,000 (the stanza and its recipient list are serialised once per node). A relay routes
 * {@code batch} stanzas, then lets its mailbox in, so one large room does not hold up the others
 * on the node for long; deliveries are handled in arrival order, so a room's stanzas to one
 * recipient stay in order. When a delivery is routed the relay tells the room
 * ({@link Delivered}): a room re-sends through another node what a node that left never
 * confirmed.
 */
public final class MucRelay {
  private static final Logger log = LoggerFactory.getLogger(MucRelay.class);

  public sealed interface Command extends CborSerializable {}

  /**
   * Stanzas of one room for accounts on this node; {@code seq} comes back in {@link Delivered}
   * ({@code replyTo} null: nothing comes back, for what the room does not keep, such as a refusal).
   */
  public record Deliver(long seq, List<Part> parts, ActorRef<Delivered> replyTo) implements Command {
    public Deliver {
      parts = List.copyOf(parts);
    }
  }

  /** {@code stanza} to each of {@code to}; with {@code to} empty, the stanza as addressed. */
  public record Part(XmlElement stanza, List<String> to) implements CborSerializable {
    public Part {
      to = List.copyOf(to);
    }

    int size() {
      return to.isEmpty() ? 1 : to.size();
    }
  }

  /** The delivery {@code seq} was routed on the relay's node. */
  public record Delivered(long seq) implements CborSerializable {}

  /** Local: go on with the queue. Never crosses the network. */
  private enum Continue implements Command {
    INSTANCE
  }

  /** The key relay number {@code index} of each node registers under. */
  public static ServiceKey<Command> key(int index) {
    return ServiceKey.create(Command.class, "muc-relay-" + index);
  }

  private MucRelay() {}

  public static Behavior<Command> create(StanzaRouting routing, int batch) {
    return Behaviors.setup(ctx -> new Worker(ctx, routing, batch).idle());
  }

  private static final class Worker {
    private final ActorContext<Command> ctx;
    private final StanzaRouting routing;
    private final int batch;
    private final ArrayDeque<Deliver> queue = new ArrayDeque<>();
    private int part;
    private int recipient;
    private boolean scheduled;

    Worker(ActorContext<Command> ctx, StanzaRouting routing, int batch) {
      this.ctx = ctx;
      this.routing = routing;
      this.batch = batch;
    }

    Behavior<Command> idle() {
      return Behaviors.receive(Command.class)
          .onMessage(Deliver.class, d -> {
            queue.add(d);
            schedule();
            return Behaviors.same();
          })
          .onMessageEquals(Continue.INSTANCE, () -> {
            scheduled = false;
            work();
            return Behaviors.same();
          })
          .build();
    }

    private void schedule() {
      if (!scheduled) {
        scheduled = true;
        ctx.getSelf().tell(Continue.INSTANCE);
      }
    }

    /** Routes at most {@code batch} stanzas from the head of the queue. */
    private void work() {
      int budget = batch;
      while (budget > 0 && !queue.isEmpty()) {
        Deliver d = queue.peek();
        if (part >= d.parts().size()) {
          queue.poll();
          part = 0;
          recipient = 0;
          if (d.replyTo() != null) {
            d.replyTo().tell(new Delivered(d.seq()));
          }
          continue;
        }
        Part p = d.parts().get(part);
        if (p.to().isEmpty()) {
          route(p.stanza());
          budget--;
          part++;
          continue;
        }
        while (budget > 0 && recipient < p.to().size()) {
          route(p.stanza().withAttribute("to", p.to().get(recipient)));
          recipient++;
          budget--;
        }
        if (recipient >= p.to().size()) {
          part++;
          recipient = 0;
        }
      }
      if (!queue.isEmpty()) {
        schedule();
      }
    }

    private void route(XmlElement stanza) {
      try {
        routing.route(stanza);
      } catch (RuntimeException e) {
        log.warn("room stanza to {} not routed: {}", stanza.attr("to"), e.toString());
      }
    }
  }
}
