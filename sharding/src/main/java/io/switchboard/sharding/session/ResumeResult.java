package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** The answer to {@link UserSession.Resume}. */
public sealed interface ResumeResult extends CborSerializable {

  /**
   * Resumed: the new connection now owns the resource. {@code handled} is the {@code h} to
   * answer the client with, {@code replay} what it has not received yet (to write again, in
   * order), {@code entity} the incarnation to watch.
   */
  record Resumed(long handled, List<XmlElement> replay, ActorRef<UserSession.Command> entity)
      implements ResumeResult {
    public Resumed {
      replay = List.copyOf(replay);
    }
  }

  /** No such session (expired, ended, or lost with its entity): XEP-0198 item-not-found. */
  enum Failed implements ResumeResult {
    INSTANCE
  }
}
