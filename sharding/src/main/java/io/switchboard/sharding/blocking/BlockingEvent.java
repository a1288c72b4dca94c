package io.switchboard.sharding.blocking;

import io.switchboard.sharding.session.UserSession;
import java.util.List;
import org.jxmpp.jid.Jid;

/** What XEP-0191 blocking persists. */
public sealed interface BlockingEvent extends UserSession.Event {

  record JidsBlocked(List<Jid> jids) implements BlockingEvent {}

  record JidsUnblocked(List<Jid> jids) implements BlockingEvent {}

  enum BlocklistCleared implements BlockingEvent {
    INSTANCE
  }
}
