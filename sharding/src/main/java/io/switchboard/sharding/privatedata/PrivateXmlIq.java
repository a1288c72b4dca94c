package io.switchboard.sharding.privatedata;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.quota.AccountQuotas;
import io.switchboard.sharding.quota.Quota;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.List;
import java.util.Set;

/**
 * XEP-0049 private XML storage: the owner stores and reads one element per name and namespace.
 * Namespaces of the protocol itself are refused (§3: not-acceptable).
 */
public final class PrivateXmlIq implements AccountIqHandler, Module {
  private final AccountQuotas quotas;

  public PrivateXmlIq() {
    this(AccountQuotas.DEFAULTS);
  }

  public PrivateXmlIq(AccountQuotas quotas) {
    this.quotas = quotas;
  }

  @Override
  public String name() {
    return "XEP-0049 private XML storage";
  }

  @Override
  public List<String> serverFeatures() {
    return List.of(Namespaces.PRIVATE);
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.PRIVATE);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner();
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.iq();
    XmlElement query = request.payload();
    List<XmlElement> children = query.elements();
    if (!query.name().equals("query") || children.size() != 1) {
      return error(ctx, iq, StanzaErrorCondition.BAD_REQUEST);
    }
    XmlElement data = children.get(0);
    String ns = data.namespace();
    if (ns.isEmpty() || ns.equals(Namespaces.JABBER_CLIENT) || ns.equals(Namespaces.JABBER_SERVER)
        || ns.startsWith("jabber:iq:")) {
      return error(ctx, iq, StanzaErrorCondition.NOT_ACCEPTABLE); // XEP-0049 §3
    }
    if (request.isGet()) {
      XmlElement stored = state.privateXml().get(data.name(), ns);
      ctx.deliverLocal(Stanzas.iqResult(iq, XmlElement.builder("query", Namespaces.PRIVATE)
          .child(stored != null ? stored : XmlElement.of(data.name(), ns)).build()));
      return Outcome.none();
    }
    if (state.privateXml().bytesWith(data) > quotas.privateXmlBytes()) {
      Stanzas.errorReply(iq, Quota.exceeded("private-xml-bytes", quotas.privateXmlBytes())).ifPresent(ctx::deliverLocal);
      return Outcome.none();
    }
    return Outcome.persist(new PrivateXmlStored(data)).then(() -> ctx.deliverLocal(Stanzas.iqResult(iq)));
  }

  private static Outcome error(SessionContext ctx, XmlElement iq, StanzaErrorCondition condition) {
    Stanzas.errorReply(iq, condition).ifPresent(ctx::deliverLocal);
    return Outcome.none();
  }
}
