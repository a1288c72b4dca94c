package io.switchboard.sharding.blocking;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.blocking.BlockingEvent.BlocklistCleared;
import io.switchboard.sharding.blocking.BlockingEvent.JidsBlocked;
import io.switchboard.sharding.blocking.BlockingEvent.JidsUnblocked;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.quota.AccountQuotas;
import io.switchboard.sharding.quota.Quota;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.UserSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * XEP-0191 blocking command: the blocklist get (after which the resource gets pushes), block,
 * unblock and unblock-all, with the presence consequences of §3.3 and §3.4. The blocklist itself
 * ({@link BlockList}) is consulted by the entity's routing wherever a stanza crosses the account's
 * boundary.
 */
public final class BlockingIq implements AccountIqHandler, Module {
  private final AccountQuotas quotas;

  public BlockingIq() {
    this(AccountQuotas.DEFAULTS);
  }

  public BlockingIq(AccountQuotas quotas) {
    this.quotas = quotas;
  }

  @Override
  public String name() {
    return "XEP-0191 blocking command";
  }

  @Override
  public List<String> serverFeatures() {
    return List.of(Namespaces.BLOCKING);
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.BLOCKING);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner();
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.iq();
    XmlElement query = request.payload();
    if (request.isGet() && query.name().equals("blocklist")) {
      Resource r = ctx.resources().get(request.resource());
      if (r != null) {
        ctx.resources().put(r.withBlocklistInterest());
      }
      ctx.deliverLocal(Stanzas.iqResult(iq, blocklist(state)));
      return Outcome.none();
    }
    boolean block = query.name().equals("block");
    if (request.isGet() || !(block || query.name().equals("unblock"))) {
      return error(ctx, iq, StanzaErrorCondition.BAD_REQUEST);
    }
    List<Jid> jids = new ArrayList<>();
    for (XmlElement item : query.elements("item", Namespaces.BLOCKING)) {
      Jid jid = Jids.parse(item.attr("jid")).orElse(null);
      if (jid == null) {
        return error(ctx, iq, StanzaErrorCondition.JID_MALFORMED);
      }
      jids.add(jid);
    }
    if (block && jids.isEmpty()) {
      return error(ctx, iq, StanzaErrorCondition.BAD_REQUEST); // XEP-0191 §3.3
    }
    if (block && !Quota.fits(state.blocklist().size(), state.blocking().newEntries(jids), quotas.blocklistItems())) {
      Stanzas.errorReply(iq, Quota.exceeded("blocklist-items", quotas.blocklistItems())).ifPresent(ctx::deliverLocal);
      return Outcome.none();
    }
    UserSession.Event event = !block && jids.isEmpty()
        ? BlocklistCleared.INSTANCE
        : block ? new JidsBlocked(List.copyOf(jids)) : new JidsUnblocked(List.copyOf(jids));
    List<Jid> affected = !block && jids.isEmpty() ? state.blocking().parsed() : jids;
    return Outcome.persist(event).then(s -> {
      ctx.deliverLocal(Stanzas.iqResult(iq));
      for (Resource r : ctx.resources().all()) {
        if (r.blocklistInterested()) {
          ctx.deliver(r, ctx.rosterPushes().pushIq(r, query));
        }
      }
      presenceAfter(ctx, s, affected, block);
    });
  }

  private static XmlElement blocklist(Account state) {
    XmlElement.Builder b = XmlElement.builder("blocklist", Namespaces.BLOCKING);
    for (String jid : state.blocklist()) {
      b.child(XmlElement.builder("item", Namespaces.BLOCKING).attr("jid", jid).build());
    }
    return b.build();
  }

  /** XEP-0191 §3.3/§3.4: blocked subscribers see the user leave; unblocked ones see it return. */
  private static void presenceAfter(SessionContext ctx, Account state, List<Jid> jids, boolean blocked) {
    for (Jid jid : jids) {
      RosterItem item = jid.hasResource() ? null : state.item(jid.asBareJid());
      if (item == null || !item.subscription().hasFrom()) {
        continue;
      }
      if (blocked) {
        ctx.presence().sendUnavailableTo(ctx, jid.toString());
      } else if (!state.isBlocked(jid)) {
        ctx.presence().sendCurrentTo(ctx, jid.toString());
      }
    }
  }

  private static Outcome error(SessionContext ctx, XmlElement iq, StanzaErrorCondition condition) {
    Stanzas.errorReply(iq, condition).ifPresent(ctx::deliverLocal);
    return Outcome.none();
  }
}
