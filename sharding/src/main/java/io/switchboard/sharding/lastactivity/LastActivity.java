package io.switchboard.sharding.lastactivity;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.ServerIqHandler;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * XEP-0012 last activity. To an account's bare JID (§3, offline user query): someone allowed to
 * see the user's presence (the owner, or a contact with a subscription from the user) learns how
 * many seconds ago the user's last resource went offline, 0 while one is available; anyone else
 * gets {@code forbidden}. To the server's domain (§4): the server's uptime.
 */
public final class LastActivity implements Module {
  private final Clock clock;
  private final Instant started;

  public LastActivity(Clock clock) {
    this.clock = clock;
    this.started = clock.instant();
  }

  @Override
  public String name() {
    return "XEP-0012 last activity";
  }

  @Override
  public List<AccountIqHandler> accountIq() {
    return List.of(new AccountQuery());
  }

  @Override
  public List<ServerIqHandler> serverIq() {
    return List.of(new Uptime());
  }

  private static XmlElement query(long seconds) {
    return XmlElement.builder("query", Namespaces.LAST).attr("seconds", Long.toString(seconds)).build();
  }

  private final class AccountQuery implements AccountIqHandler {
    @Override
    public Set<String> namespaces() {
      return Set.of(Namespaces.LAST);
    }

    @Override
    public boolean accepts(Request request) {
      return request.origin() != Origin.OWN_NO_TO; // without 'to' it asks the server's uptime
    }

    @Override
    public Outcome handle(SessionContext ctx, Account state, Request request) {
      XmlElement iq = request.iq();
      XmlElement answer;
      if (!request.isGet() || !request.payload().name().equals("query")) {
        answer = Stanzas.errorReply(iq, StanzaErrorCondition.BAD_REQUEST).orElseThrow();
      } else if (!request.fromOwner() && !subscribed(state, iq)) {
        answer = Stanzas.errorReply(iq, StanzaErrorCondition.FORBIDDEN).orElseThrow();
      } else if (!ctx.resources().available().isEmpty()) {
        answer = Stanzas.iqResult(iq, query(0));
      } else if (state.resources().lastOffline() != null) {
        long seconds = Math.max(0, Duration.between(state.resources().lastOffline(), clock.instant()).toSeconds());
        answer = Stanzas.iqResult(iq, query(seconds));
      } else {
        answer = Stanzas.errorReply(iq, StanzaErrorCondition.ITEM_NOT_FOUND).orElseThrow();
      }
      if (request.fromOwner()) {
        ctx.deliverLocal(answer);
      } else {
        ctx.routing().route(answer);
      }
      return Outcome.none();
    }

    /** Whether the requester may see the user's presence (a subscription from the user). */
    private boolean subscribed(Account state, XmlElement iq) {
      Jid from = Jids.parse(iq.attr("from")).orElse(null);
      RosterItem item = from == null ? null : state.item(from.asBareJid());
      return item != null && item.subscription().hasFrom();
    }
  }

  private final class Uptime implements ServerIqHandler {
    @Override
    public Set<String> namespaces() {
      return Set.of(Namespaces.LAST);
    }

    @Override
    public XmlElement answer(XmlElement iq, XmlElement payload) {
      if (!"get".equals(iq.attr("type"))) {
        return Stanzas.errorReply(iq, StanzaErrorCondition.BAD_REQUEST).orElseThrow();
      }
      return Stanzas.iqResult(iq, query(Math.max(0, Duration.between(started, clock.instant()).toSeconds())));
    }
  }
}
