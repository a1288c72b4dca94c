package io.switchboard.sharding.disco;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.disco.DiscoInfo;
import io.switchboard.protocol.disco.DiscoItems;
import io.switchboard.protocol.disco.Identity;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * XEP-0030 for an account's bare JID: disco#info with the account/registered identity, what the
 * registered modules add ({@link io.switchboard.sharding.module.Modules#accountFeatures}), and an
 * empty disco#items (PEP, when registered, answers items itself). Without 'to' the owner's disco
 * requests are the server's (RFC 6120 §10.3.3), so they are not taken here.
 */
public final class AccountDisco implements AccountIqHandler, Module {
  private static final Identity ACCOUNT = Identity.of("account", "registered");

  @Override
  public String name() {
    return "XEP-0030 service discovery (accounts)";
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS);
  }

  @Override
  public List<String> accountFeatures() {
    return List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS);
  }

  @Override
  public boolean accepts(Request request) {
    return request.origin() != Origin.OWN_NO_TO;
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.iq();
    XmlElement q = request.payload();
    XmlElement answer;
    if (request.isGet() && DiscoInfo.isRequest(q) && q.attr("node") == null) {
      List<Identity> identities = new ArrayList<>();
      identities.add(ACCOUNT);
      identities.addAll(ctx.modules().accountIdentities());
      answer = Stanzas.iqResult(iq, new DiscoInfo(null, identities, ctx.modules().accountFeatures()).toElement());
    } else if (request.isGet() && DiscoItems.isRequest(q) && q.attr("node") == null) {
      answer = Stanzas.iqResult(iq, new DiscoItems(null, List.of()).toElement());
    } else {
      answer = Stanzas.errorReply(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE).orElseThrow();
    }
    if (request.fromOwner()) {
      ctx.deliverLocal(answer);
    } else {
      ctx.routing().route(answer);
    }
    return Outcome.none();
  }
}
