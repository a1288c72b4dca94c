package io.switchboard.sharding.component;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.ShardingSettings;
import io.switchboard.sharding.serialization.CborSerializable;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.StanzaRouting;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an external component (XEP-0114) is connected, keyed by the component's domain. Not
 * persisted: the state is only "which connection actor, if any", and connections re-register.
 *
 * <p>The component's TCP connection may be on any node; its connection actor registers here and
 * every stanza addressed to the domain (or any JID at it) reaches it through this entity. With no
 * connection, stanzas that may be answered get {@code service-unavailable} (XEP-0114 §3 leaves this
 * to the server; RFC 6120 §10.4.3 for an unavailable service).
 *
 * <p>One connection per domain: a second {@link Register} from another actor is refused with
 * {@code conflict} while the first is alive (the listener then closes the new stream with a
 * {@code <conflict/>} stream error). Death-watch frees the slot when the connection actor stops or
 * its node leaves the cluster. Because the state is in memory, the entity tells its connection to
 * re-register ({@link ConnectionMessage.Rebind}) when it is handed off, and connections also
 * re-register periodically so an entity restarted after a node crash learns its connection again.
 */
public final class ComponentSession extends AbstractBehavior<ComponentSession.Command> {
  private static final Logger log = LoggerFactory.getLogger(ComponentSession.class);

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "ComponentSession");

  /** Idle (no connection) for this long, the entity passivates. */
  static final Duration PASSIVATE_AFTER = Duration.ofMinutes(2);

  public sealed interface Command extends CborSerializable {}

  /** Registers a component connection; the answer is a {@link Registration}. */
  public record Register(ActorRef<ConnectionMessage> connection, ActorRef<Registration> replyTo)
      implements Command {}

  /** The connection's stream ended. */
  public record Unregister(ActorRef<ConnectionMessage> connection) implements Command {}

  /** A stanza addressed to the component's domain (or a JID at it), with final from and to. */
  public record Deliver(XmlElement stanza) implements Command {}

  /** Sharding's stop message (hand-off or shutdown). */
  enum Stop implements Command {
    INSTANCE
  }

  private enum Idle implements Command {
    INSTANCE
  }

  private record ConnectionTerminated(ActorRef<ConnectionMessage> connection) implements Command {}

  /** The answer to {@link Register}. */
  public sealed interface Registration extends CborSerializable {}

  /** The connection is now the component's. */
  public enum Accepted implements Registration {
    INSTANCE
  }

  /** Refused; {@code condition} is the stream error condition the listener closes with. */
  public record Refused(String condition) implements Registration {}

  /** As {@link #init(ActorSystem, int, StanzaRouting)} with switchboard.sharding.number-of-shards. */
  public static void init(ActorSystem<?> system, StanzaRouting routing) {
    init(system, ShardingSettings.fromConfig(system.settings().config()).numberOfShards(), routing);
  }

  /** Registers the entity type with sharding; {@code routing} carries bounces back to senders. */
  public static void init(ActorSystem<?> system, int numberOfShards, StanzaRouting routing) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), ctx.getShard(), routing))
            .withMessageExtractor(new HashCodeMessageExtractor<>(numberOfShards))
            .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(
      String domain, ActorRef<ClusterSharding.ShardCommand> shard, StanzaRouting routing) {
    return Behaviors.setup(ctx -> new ComponentSession(ctx, domain, shard, routing));
  }

  private final String domain;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final StanzaRouting routing;
  private ActorRef<ConnectionMessage> connection;
  private org.apache.pekko.actor.Cancellable idleTimer;

  private ComponentSession(
      ActorContext<Command> ctx, String domain, ActorRef<ClusterSharding.ShardCommand> shard, StanzaRouting routing) {
    super(ctx);
    this.domain = domain;
    this.shard = shard;
    this.routing = routing;
    armIdle();
  }

  /**
   * A scheduled {@link Idle} rather than Pekko's receive timeout, whose cancellation can deliver a
   * null message and fail the actor (see {@code UserSession.updateIdleTimer}); a late Idle is
   * ignored while connected.
   */
  private void armIdle() {
    if (idleTimer == null) {
      idleTimer = getContext().scheduleOnce(PASSIVATE_AFTER, getContext().getSelf(), Idle.INSTANCE);
    }
  }

  private void disarmIdle() {
    if (idleTimer != null) {
      idleTimer.cancel();
      idleTimer = null;
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, u -> onGone(u.connection()))
        .onMessage(ConnectionTerminated.class, t -> onGone(t.connection()))
        .onMessage(Deliver.class, this::onDeliver)
        .onMessageEquals(Idle.INSTANCE, this::onIdle)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .build();
  }

  private Behavior<Command> onRegister(Register r) {
    if (connection == null) {
      connection = r.connection();
      getContext().watchWith(connection, new ConnectionTerminated(connection));
      disarmIdle();
      log.info("Component {} connected", domain);
    } else if (!connection.equals(r.connection())) {
      // XEP-0114 does not define load balancing; a second connection is refused (see class doc).
      r.replyTo().tell(new Refused("conflict"));
      return this;
    }
    r.replyTo().tell(Accepted.INSTANCE);
    return this;
  }

  private Behavior<Command> onGone(ActorRef<ConnectionMessage> gone) {
    if (gone.equals(connection)) {
      getContext().unwatch(connection);
      connection = null;
      armIdle();
      log.info("Component {} disconnected", domain);
    }
    return this;
  }

  private Behavior<Command> onDeliver(Deliver d) {
    if (connection != null) {
      connection.tell(new ConnectionMessage.Deliver(d.stanza()));
    } else if (Stanzas.mayBounce(d.stanza()) && d.stanza().attr("from") != null) {
      log.debug("Component {} is not connected; bouncing", domain);
      Stanzas.errorReply(d.stanza(), StanzaErrorCondition.SERVICE_UNAVAILABLE).ifPresent(routing::route);
    }
    return this;
  }

  private Behavior<Command> onIdle() {
    idleTimer = null;
    if (connection == null) {
      shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onStop() {
    if (connection != null) {
      connection.tell(ConnectionMessage.Rebind.INSTANCE);
    }
    return Behaviors.stopped();
  }
}
