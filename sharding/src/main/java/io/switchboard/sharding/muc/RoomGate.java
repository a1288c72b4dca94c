package io.switchboard.sharding.muc;

import io.switchboard.sharding.session.Receipt;
import java.time.Clock;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's door: an interceptor in front of the persistent behavior sees each stanza before
 * Pekko can stash it, and lets it in only if the room's backlog has room for it
 * ({@link RoomAdmission}). A stanza refused is answered with resource-constraint and
 * acknowledged; one dropped is left unacknowledged (its connection sends it again); both are
 * counted, and reported now and then. It runs in the room's actor.
 */
final class RoomGate {
  // The room's logger: these lines are the room's, as they were before the gate had a class.
  private static final Logger log = LoggerFactory.getLogger(MucRoom.class);

  private final String room;
  private final int maxBacklog;
  private final RoomCounts counts;
  private final Clock clock;
  private final Deliveries deliveries;
  private final RoomAdmission admission;

  RoomGate(String room, int maxBacklog, RoomCounts counts, Clock clock, Deliveries deliveries) {
    this.room = room;
    this.maxBacklog = maxBacklog;
    this.counts = counts;
    this.clock = clock;
    this.deliveries = deliveries;
    this.admission = new RoomAdmission(maxBacklog);
  }

  /** A new interceptor in front of the room (one per call, as {@link Behaviors#intercept} asks). */
  BehaviorInterceptor<MucRoom.Command, MucRoom.Command> interceptor() {
    return new Interceptor(this);
  }

  /** The room's command handler took {@code in}: it no longer waits. */
  void taken(MucRoom.Inbound in) {
    admission.taken(in);
  }

  /**
   * Whether {@code in} may go on to the persistent behavior (called by the interceptor, in this
   * actor, before Pekko may stash it); a stanza refused is answered here, one dropped is counted.
   */
  private boolean admit(MucRoom.Inbound in) {
    RoomAdmission.Verdict v = admission.admit(in);
    if (v == RoomAdmission.Verdict.ADMIT) {
      return true;
    }
    if (v == RoomAdmission.Verdict.REFUSE) {
      counts.refused(RoomTally.kind(in.stanza()), RoomCounts.BUSY);
      RoomAdmission.refusal(in.stanza()).ifPresent(error -> deliveries.sendOnce(error, in.origin()));
      Receipt.ack(in.receipt());
    }
    log.debug("{}: <{}/> id={} from {} {} (backlog {})", room, in.stanza().name(), in.stanza().attr("id"),
        in.stanza().attr("from"), v == RoomAdmission.Verdict.REFUSE ? "refused" : "dropped", admission.backlog());
    admission.logDue(clock.millis()).ifPresent(since -> log.warn(
        "{}: busy, {} stanzas waiting (max-backlog {}): {} refused with resource-constraint and {} dropped"
            + " unacknowledged since the last report ({} and {} in all)", room, admission.backlog(),
        maxBacklog, since[0], since[1], admission.refused(), admission.dropped()));
    return false;
  }

  /** Lets a stanza through to the persistent behavior only if the room admits it. */
  private static final class Interceptor extends BehaviorInterceptor<MucRoom.Command, MucRoom.Command> {
    private final RoomGate gate;

    Interceptor(RoomGate gate) {
      super(MucRoom.Command.class);
      this.gate = gate;
    }

    @Override
    public Behavior<MucRoom.Command> aroundReceive(TypedActorContext<MucRoom.Command> ctx, MucRoom.Command msg,
        ReceiveTarget<MucRoom.Command> target) {
      if (msg instanceof MucRoom.Inbound in && !gate.admit(in)) {
        return Behaviors.same();
      }
      return target.apply(ctx, msg);
    }
  }
}
