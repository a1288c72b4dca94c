package io.switchboard.node.stream;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.BindResult;
import io.switchboard.sharding.session.ConnectionMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.jxmpp.jid.EntityFullJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6120 §7 on one client stream: the bind request, the connection's actor (its address in the
 * cluster) and the round trip to the user's entity, asked again while a crashed node's shards
 * have not moved yet.
 */
final class ResourceBinding {
  private static final Logger log = LoggerFactory.getLogger(ResourceBinding.class);
  /** One bind attempt waits at most this long; a node that just died swallows the first ones. */
  private static final Duration BIND_ATTEMPT = Duration.ofSeconds(5);

  private final ClientStream stream;

  ResourceBinding(ClientStream stream) {
    this.stream = stream;
  }

  void bind(XmlElement iq) {
    StreamServices services = stream.services;
    String requested = iq.child("bind", Namespaces.BIND).flatMap(b -> b.childText("resource", Namespaces.BIND))
        .orElse("").trim();
    String resource = requested.isEmpty() ? "sb-" + ClientStream.newId().substring(0, 10) : requested;
    Optional<EntityFullJid> full = Jids.withResource(stream.user(), resource);
    if (full.isEmpty()) {
      stream.transport.send(Stanzas.errorReply(iq, StanzaErrorCondition.BAD_REQUEST, "invalid resource").orElseThrow());
      return;
    }
    bind(full.get(), (s, bound) -> {
      XmlElement jid = XmlElement.builder("bind", Namespaces.BIND).textChild("jid", bound.toString()).build();
      stream.transport.send(Stanzas.iqResult(iq, jid).withoutAttribute("from").withoutAttribute("to"));
    }, c -> stream.transport.send(Stanzas.errorReply(iq, c).orElseThrow()));
  }

  /** What to tell the client once the entity answered a bind, on the stream's thread. */
  interface Answer {
    /** {@code s} is bound as {@code jid} and the stream is {@link ClientStream.Phase#BOUND}. */
    void bound(ClientSession s, EntityFullJid jid);
  }

  /**
   * Binds {@code full}: the connection's actor, the round trip to the entity (asked again while a
   * crashed node's shards move), then {@code answer} or {@code refused} on the stream's thread.
   */
  void bind(EntityFullJid full, Answer answer, java.util.function.Consumer<StanzaErrorCondition> refused) {
    StreamServices services = stream.services;
    ClientSession s = new ClientSession(full, services.metrics().counting(stream.transport),
        services.settings().maxUnacked(), services.settings().ackRequestEvery());
    ActorRef<Object> actor = spawnActor(stream, s);
    stream.busy();
    bindWithRetry(full, actor.narrow(), System.nanoTime() + services.settings().bindTimeout().toNanos())
        .whenComplete((result, err) -> stream.transport.execute(() -> {
          if (stream.phase() == ClientStream.Phase.CLOSED) {
            actor.tell(result instanceof BindResult.Bound ? new ConnectionActor.Stop(true, List.of())
                : ConnectionActor.Stop.UNBOUND);
            return;
          }
          if (result instanceof BindResult.Bound bound) {
            actor.tell(new ConnectionActor.Bound(bound.entity()));
            stream.bound(s);
            answer.bound(s, bound.jid());
            if (log.isDebugEnabled()) {
              stream.logged(() -> log.debug("{} bound from {}", bound.jid(), stream.transport.describe()));
            }
          } else {
            actor.tell(ConnectionActor.Stop.UNBOUND);
            StanzaErrorCondition c = result instanceof BindResult.Refused r
                ? StanzaErrorCondition.fromElementName(r.condition()).orElse(StanzaErrorCondition.RESOURCE_CONSTRAINT)
                : StanzaErrorCondition.RESOURCE_CONSTRAINT;
            if (err != null) {
              stream.logged(() -> log.warn("Binding {} failed: {}", full, err.toString()));
            }
            refused.accept(c);
          }
          stream.resume();
        }));
  }

  /**
   * Binds, asking again after an unanswered attempt until the bind timeout: while a crashed node's
   * shards have not moved yet (failure detection plus the split-brain resolver's stable-after),
   * asks to its entities are lost, and the login should wait rather than fail. Bind is idempotent
   * for the same connection.
   */
  private CompletionStage<BindResult> bindWithRetry(EntityFullJid jid, ActorRef<ConnectionMessage> actor, long deadline) {
    long left = deadline - System.nanoTime();
    Duration attempt = Duration.ofNanos(Math.max(1, Math.min(left, BIND_ATTEMPT.toNanos())));
    return stream.services.gateway().bind(jid, actor, stream.accountCreatedAt(), attempt)
        .handle((result, err) -> {
          if (err != null && stream.phase() != ClientStream.Phase.CLOSED && deadline - System.nanoTime() > 0
              && (err instanceof TimeoutException || err.getCause() instanceof TimeoutException)) {
            if (log.isDebugEnabled()) {
              stream.logged(() -> log.debug("bind of {} unanswered after {}; asking again", jid, attempt));
            }
            return bindWithRetry(jid, actor, deadline);
          }
          return err == null
              ? CompletableFuture.completedFuture(result)
              : CompletableFuture.<BindResult>failedFuture(err);
        })
        .thenCompose(f -> f);
  }

  /** The connection's actor for {@code s}: its address in the cluster, alive as long as the session. */
  static ActorRef<Object> spawnActor(ClientStream stream, ClientSession s) {
    StreamServices services = stream.services;
    ActorWiring wiring = stream.wiring;
    ActorRef<Object> actor = services.system().systemActorOf(
        ConnectionActor.create(s, services.gateway(), wiring.timing(), wiring.fallback(), services.liveActors(),
            services.parked()),
        stream.actorName(),
        Props.empty());
    s.attachActor(actor, wiring.overflow(), wiring.writeFailed());
    return actor;
  }
}
