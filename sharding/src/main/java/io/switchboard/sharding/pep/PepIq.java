package io.switchboard.sharding.pep;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.disco.Identity;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.List;
import java.util.Set;

/**
 * XEP-0163: every account is a PEP service. Pub-sub requests to the account (or, from its owner,
 * without 'to'), node disco#info and the account's disco#items go to the {@link PepHandler}, the
 * pub-sub service's view of the account's nodes.
 */
public final class PepIq implements AccountIqHandler, Module {
  private final PepHandler pep;

  public PepIq(PepHandler pep) {
    this.pep = pep;
  }

  @Override
  public String name() {
    return "XEP-0163 personal eventing";
  }

  @Override
  public List<String> serverFeatures() {
    return pep.features();
  }

  @Override
  public List<String> accountFeatures() {
    return pep.features();
  }

  @Override
  public List<Identity> accountIdentities() {
    return List.of(Identity.of("pubsub", "pep"));
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.PUBSUB, Namespaces.PUBSUB_OWNER, Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS);
  }

  /**
   * Pub-sub payloads from anyone; node disco#info and disco#items only when addressed to the bare
   * JID (without 'to' they are the server's).
   */
  @Override
  public boolean accepts(Request request) {
    String ns = request.payload().namespace();
    if (ns.equals(Namespaces.PUBSUB) || ns.equals(Namespaces.PUBSUB_OWNER)) {
      return true;
    }
    if (request.origin() == Origin.OWN_NO_TO) {
      return false;
    }
    return ns.equals(Namespaces.DISCO_ITEMS)
        || request.payload().is("query", Namespaces.DISCO_INFO) && request.payload().attr("node") != null;
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    pep.handle(ctx.user(), request.origin() == Origin.OWN_NO_TO
        ? request.iq().withAttribute("to", ctx.bare()) : request.iq(), ctx.routing());
    return Outcome.none();
  }
}
